// The lesson's words (docs/LESSON.md), shared by the Lesson panel and the
// printed handout. The numbers quoted are the shipped demo lab's, as the
// README measures them.
#include "app/gui/Lesson.h"

#include "settings/LabFolder.h"
#include "settings/TrainConfig.h"

namespace hialign::app {

QString Lesson::title()
{
    return tr("Where in the stack does alignment act? A 45-minute lesson");
}

QString Lesson::introduction()
{
    return tr("Six steps on the demo lab: a 12-layer model of a small world in which grammar, logic and facts can "
              "each be checked exactly. Do each step by hand, or press Do it and watch; a step is ticked when the "
              "window shows its result, however it got there. Every step takes under three minutes on a laptop.");
}

Lesson::StepText Lesson::text(int step)
{
    switch (step) {
    case 0:
        return {tr("Open the demo lab and read its layer stack"),
                tr("<p>The Layer stack tab draws every decoder layer as a row, layer 0 at the bottom, with its "
                   "attention and MLP parts. The coloured bands are the three functional blocks the paper names: "
                   "local (syntax) at the bottom, intermediate (logic) in the middle, global (facts) at the "
                   "top.</p><p><b>Look for:</b> the parameter count of each layer and block, and what share of the "
                   "model an adapter on one block would train.</p>"),
                tr("Opens the demo lab's model and its mixed preference set, and shows the Layer stack.")};
    case 1:
        return {tr("Probe where grammar, logic and facts live"),
                tr("<p>The probe removes each layer's attention and MLP in turn and measures how much of each "
                   "dimension's preference margin is lost; it also measures the DPO gradient per layer. The heat "
                   "columns beside the stack show the result, and the dashed lines are the cuts it suggests.</p>"
                   "<p><b>On the lab:</b> layers 0 and 1 matter for every dimension. Above them grammar depends on "
                   "no layer, facts peak at layer 6, and logic is spread over the whole stack, so the suggested "
                   "cuts are 2 and 6 instead of the thirds 4 and 8.</p>"),
                tr("Runs Layers ▸ Probe layers… on the lab's three preference sets (about 30 seconds).")};
    case 2:
        return {tr("Brush the cuts"),
                tr("<p>The paper cuts the stack into thirds; a probe may argue for other cuts. Drag the two cut "
                   "lines on the layer stack, or take the probe's suggestion (Layers ▸ Apply suggested cuts), then "
                   "pick the block to train: Local, Mid or Global.</p><p><b>Look for:</b> the panel's count of "
                   "trained parameters. An adapter on one block trains a fraction of what Full-DPO trains.</p>"),
                tr("Applies the probe's cuts and picks the block the probe gives to facts (without a probe: the "
                   "thirds and the global block).")};
    case 3:
        return {tr("Train one block"),
                tr("<p>Start trains DPO with a LoRA adapter on the chosen block only. The Training curves tab shows "
                   "the loss, the reward margin (how much more the model prefers the chosen answer than the "
                   "rejected one, against the base) and the preference accuracy as they come in; the heat on the "
                   "layer stack shows where the weights moved.</p><p><b>Look for:</b> the margin rising above zero "
                   "and the heat staying inside the block.</p>"),
                tr("Sets the training settings to the lab's sweep recipe (%1 steps of %2 pairs) and starts "
                   "training.")
                    .arg(train::TrainConfig::sweepDefaults().steps)
                    .arg(train::TrainConfig::sweepDefaults().batchSize)};
    case 4:
        return {tr("Compare Base with the run"),
                tr("<p>The Compare tab answers a held-out prompt with the base model and with the run's adapter, "
                   "with the same decoding and seed, and scores each answer with the lab's exact checkers. Try "
                   "prompts of each dimension.</p><p><b>Look for:</b> answers the adapter fixes, and answers it "
                   "breaks. One prompt proves nothing either way: that is what step 6 is for.</p>"),
                tr("Puts Base beside the newest run and answers the first held-out prompt.")};
    case 5:
        return {tr("Run the sweep and read the table"),
                tr("<p>The sweep trains every strategy (Full-DPO, Local, Mid and Global) with the same recipe and "
                   "judges %1 held-out prompts of each dimension. The table gives each dimension's score with its 95% interval and "
                   "the difference to Base; red cells are the alignment tax, a dimension that got worse.</p>"
                   "<p><b>The paper's claim:</b> Global-Align improves facts and logic, and Full-DPO pays a tax. "
                   "<b>On the lab</b> (three seeds, 200 prompts each): Global-Align gains most on grammar and facts and leaves logic "
                   "where it was; Full-DPO loses 11 points of logic. Read whether your single-seed sweep "
                   "agrees.</p>")
                    .arg(lab::kLabEvalLimit),
                tr("Runs File ▸ Run sweep… with the lab's settings and one seed into the workspace (under a "
                   "minute).")};
    default:
        return {};
    }
}

} // namespace hialign::app
