<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>hialign::app::AppOptions</name>
    <message>
        <source>HiAlign Workbench: DPO with LoRA on chosen functional blocks of a model&apos;s layers</source>
        <translation>HiAlign Workbench：在模型各层中选定的功能块上用 LoRA 进行 DPO 训练</translation>
    </message>
    <message>
        <source>Hugging Face model folder to open</source>
        <translation>要打开的 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Preference data file (JSONL)</source>
        <translation>偏好数据文件（JSONL）</translation>
    </message>
    <message>
        <source>Folder for run folders</source>
        <translation>存放运行文件夹的目录</translation>
    </message>
    <message>
        <source>User interface language: en, de, zh_CN</source>
        <translation>界面语言：en, de, zh_CN</translation>
    </message>
    <message>
        <source>Render the window to FILE.png and quit</source>
        <translation>将窗口渲染为 FILE.png 后退出</translation>
    </message>
    <message>
        <source>Train N steps before the screenshot</source>
        <translation>截图前先训练 N 步</translation>
    </message>
    <message>
        <source>Screenshot size WIDTHxHEIGHT</source>
        <translation>截图尺寸 宽x高</translation>
    </message>
    <message>
        <source>--demo-steps needs a number of steps.</source>
        <translation>--demo-steps 需要一个步数。</translation>
    </message>
    <message>
        <source>--view must be one of: %1.</source>
        <translation>--view 必须是以下之一：%1。</translation>
    </message>
    <message>
        <source>Open a strategy sweep folder on the Sweep page</source>
        <translation>在“扫描”页面打开一个策略扫描文件夹</translation>
    </message>
    <message>
        <source>Write the sweep&apos;s report (HTML, PDF, CSV, JSON) into the --out folder and quit, without a window</source>
        <translation>将扫描报告（HTML、PDF、CSV、JSON）写入 --out 文件夹后退出，不打开窗口</translation>
    </message>
    <message>
        <source>Folder for --export-report</source>
        <translation>--export-report 的输出文件夹</translation>
    </message>
    <message>
        <source>View for the screenshot: layers, training, compare, runs, sweep</source>
        <translation>截图所用的视图：layers, training, compare, runs, sweep</translation>
    </message>
    <message>
        <source>--export-report needs a sweep folder.</source>
        <translation>--export-report 需要一个扫描文件夹。</translation>
    </message>
    <message>
        <source>--export-report needs --out DIR for the report files.</source>
        <translation>--export-report 需要用 --out DIR 指定报告文件的位置。</translation>
    </message>
    <message>
        <source>--out is only used with --export-report.</source>
        <translation>--out 只能与 --export-report 一起使用。</translation>
    </message>
    <message>
        <source>Run the layer probe (the probe dialog&apos;s first values) before the screenshot</source>
        <translation>截图前先运行层探针（使用探针对话框的初始值）</translation>
    </message>
    <message>
        <source>Run the lesson&apos;s six steps on the demo lab offscreen and write its handout to FILE.pdf</source>
        <translation>在演示实验室中离屏执行课程的六个步骤，并将讲义写入 FILE.pdf</translation>
    </message>
    <message>
        <source>Show the Lesson panel in the screenshot after doing its first N steps</source>
        <translation>在截图中显示课程面板（先执行其前 N 个步骤）</translation>
    </message>
    <message>
        <source>--export-handout needs a file name (FILE.pdf).</source>
        <translation>--export-handout 需要一个文件名（FILE.pdf）。</translation>
    </message>
    <message>
        <source>--lesson is only used with --screenshot.</source>
        <translation>--lesson 只能与 --screenshot 一起使用。</translation>
    </message>
    <message>
        <source>--lesson needs a number of steps from 0 to 6.</source>
        <translation>--lesson 需要 0 到 6 之间的步骤数。</translation>
    </message>
    <message>
        <source>Read the logit lens on the first preference pair, beside the newest run, before the screenshot</source>
        <translation>截图前在第一个偏好对上读取 logit lens，并与最新的运行并列</translation>
    </message>
</context>
<context>
    <name>hialign::app::ComparePage</name>
    <message>
        <source>Choose a model folder first.</source>
        <translation>请先选择模型文件夹。</translation>
    </message>
    <message>
        <source>Pick a prompt and at least one model.</source>
        <translation>请选择一个提示词和至少一个模型。</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Base (no adapter)</source>
        <translation>基础模型（无适配器）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>The demo lab&apos;s judge is unavailable: %1</source>
        <translation>演示实验室的评判器不可用：%1</translation>
    </message>
</context>
<context>
    <name>hialign::app::LensPage</name>
    <message>
        <source>pair %1: %2</source>
        <translation>第 %1 对：%2</translation>
    </message>
    <message>
        <source>Base only</source>
        <translation>仅基础模型</translation>
    </message>
    <message>
        <source>%1 · step %2</source>
        <translation>%1 · 第 %2 步</translation>
    </message>
    <message>
        <source>Open a model first; the lens reads its layers.</source>
        <translation>请先打开一个模型；透镜读取它的各层。</translation>
    </message>
    <message>
        <source>Pick a pair or type a prompt to read.</source>
        <translation>请选择一个偏好对或输入一个提示来读取。</translation>
    </message>
    <message>
        <source>Reading every layer…</source>
        <translation>正在读取每一层…</translation>
    </message>
    <message>
        <source>Top next token per layer, and the pair&apos;s margin log p(chosen) − log p(rejected) read at that layer (Base → run).</source>
        <translation>每层最可能的下一个词元，以及在该层读取的偏好对间隔 log p(所选) − log p(被拒)（基础模型 → 运行）。</translation>
    </message>
    <message>
        <source>Top next token per layer, read through the final norm and head.</source>
        <translation>每层最可能的下一个词元，经最终归一化和输出头读取。</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Beside Base</source>
        <translation>与基础模型并列</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>A pair of the open preference file, or a prompt typed here</source>
        <translation>已打开偏好文件中的一个偏好对，或在此输入的提示</translation>
    </message>
    <message>
        <source>A run&apos;s adapter (or a checkpoint&apos;s) read beside the base model</source>
        <translation>与基础模型并列读取的某个运行（或检查点）的适配器</translation>
    </message>
    <message>
        <source>The lens stopped with an unknown error.</source>
        <translation>透镜因未知错误而停止。</translation>
    </message>
</context>
<context>
    <name>hialign::app::Lesson</name>
    <message>
        <source>Step %1 of the lesson is still running; wait for it or stop it first.</source>
        <translation>课程的第 %1 步仍在运行；请等待它结束或先停止它。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>The demo lab is not installed, so the lesson cannot open it (set HIALIGN_DEMO_DIR to its folder).</source>
        <translation>未安装演示实验室，课程无法打开它（请将 HIALIGN_DEMO_DIR 设为其文件夹）。</translation>
    </message>
    <message>
        <source>The lesson opened the demo lab&apos;s model.</source>
        <translation>课程打开了演示实验室的模型。</translation>
    </message>
    <message>
        <source>The lesson opened the demo lab&apos;s model (yours was %1).</source>
        <translation>课程打开了演示实验室的模型（您原来的是 %1）。</translation>
    </message>
    <message>
        <source>The lesson opened the demo lab&apos;s mixed preference set.</source>
        <translation>课程打开了演示实验室的混合偏好数据集。</translation>
    </message>
    <message>
        <source>The lesson opened the demo lab&apos;s mixed preference set (yours was %1).</source>
        <translation>课程打开了演示实验室的混合偏好数据集（您原来的是 %1）。</translation>
    </message>
    <message>
        <source>The layer plan cannot change while a run trains.</source>
        <translation>训练运行期间不能更改层计划。</translation>
    </message>
    <message>
        <source>The lesson set the layer plan to cuts %1 and %2 and the %3 block (layers %4–%5).</source>
        <translation>课程将层计划设为分界 %1 和 %2，并选择了%3块（第 %4–%5 层）。</translation>
    </message>
    <message>
        <source>The lesson set the training settings to the lab&apos;s sweep recipe: %1 steps of %2 pairs, learning rate %3, rank %4.</source>
        <translation>课程将训练设置改为实验室的扫描配方：%1 步，每步 %2 对，学习率 %3，秩 %4。</translation>
    </message>
    <message>
        <source>Compare needs a trained run beside Base: do step 4 first.</source>
        <translation>对比需要一个与基础模型并列的已训练运行：请先完成第 4 步。</translation>
    </message>
    <message>
        <source>The step ended without its result (it was stopped?).</source>
        <translation>该步骤结束时没有得到结果（是否被停止了？）。</translation>
    </message>
    <message>
        <source>Done in %1 s.</source>
        <translation>已完成，用时 %1 秒。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Step %1 of the lesson is still running; your settings come back when it has ended.</source>
        <translation>课程的第 %1 步仍在运行；它结束后您的设置才会恢复。</translation>
    </message>
    <message>
        <source>Your model, preference file, training settings and layer plan are back.</source>
        <translation>您的模型、偏好文件、训练设置和层计划已恢复。</translation>
    </message>
    <message>
        <source>Where in the stack does alignment act? A 45-minute lesson</source>
        <translation>对齐作用于层堆栈的哪里？一堂 45 分钟的课</translation>
    </message>
    <message>
        <source>Six steps on the demo lab: a 12-layer model of a small world in which grammar, logic and facts can each be checked exactly. Do each step by hand, or press Do it and watch; a step is ticked when the window shows its result, however it got there. Every step takes under three minutes on a laptop.</source>
        <translation>在演示实验室中的六个步骤：一个 12 层的模型，建立在一个小世界上，其中语法、逻辑和事实都可以被精确检查。您可以手动完成每一步，也可以按“执行”并观察；只要窗口显示出该步骤的结果，无论如何得到，该步骤都会被勾选。在笔记本电脑上每一步都不超过三分钟。</translation>
    </message>
    <message>
        <source>Open the demo lab and read its layer stack</source>
        <translation>打开演示实验室并阅读其层堆栈</translation>
    </message>
    <message>
        <source>&lt;p&gt;The Layer stack tab draws every decoder layer as a row, layer 0 at the bottom, with its attention and MLP parts. The coloured bands are the three functional blocks the paper names: local (syntax) at the bottom, intermediate (logic) in the middle, global (facts) at the top.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look for:&lt;/b&gt; the parameter count of each layer and block, and what share of the model an adapter on one block would train.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“层堆栈”标签页把每个解码器层画成一行，第 0 层在最下方，并显示其注意力和 MLP 部分。彩色条带是论文所说的三个功能块：底部的局部块（句法）、中间的中间块（逻辑）和顶部的全局块（事实）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;请注意：&lt;/b&gt;每一层和每个块的参数量，以及在单个块上的适配器会训练模型的多大比例。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Opens the demo lab&apos;s model and its mixed preference set, and shows the Layer stack.</source>
        <translation>打开演示实验室的模型及其混合偏好数据集，并显示层堆栈。</translation>
    </message>
    <message>
        <source>Probe where grammar, logic and facts live</source>
        <translation>探测语法、逻辑和事实位于何处</translation>
    </message>
    <message>
        <source>&lt;p&gt;The probe removes each layer&apos;s attention and MLP in turn and measures how much of each dimension&apos;s preference margin is lost; it also measures the DPO gradient per layer. The heat columns beside the stack show the result, and the dashed lines are the cuts it suggests.&lt;/p&gt;&lt;p&gt;&lt;b&gt;On the lab:&lt;/b&gt; layers 0 and 1 matter for every dimension. Above them grammar depends on no layer, facts peak at layer 6, and logic is spread over the whole stack, so the suggested cuts are 2 and 6 instead of the thirds 4 and 8.&lt;/p&gt;</source>
        <translation>&lt;p&gt;探测依次移除每一层的注意力和 MLP，测量每个维度的偏好间隔损失了多少；它还测量每层的 DPO 梯度。堆栈旁的热图列显示结果，虚线是它建议的分界。&lt;/p&gt;&lt;p&gt;&lt;b&gt;在实验室中：&lt;/b&gt;第 0 层和第 1 层对每个维度都很重要。在它们之上，语法不依赖任何层，事实在第 6 层达到峰值，逻辑则分布在整个堆栈中，因此建议的分界是 2 和 6，而不是三等分的 4 和 8。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Runs Layers ▸ Probe layers… on the lab&apos;s three preference sets (about 30 seconds).</source>
        <translation>在实验室的三个偏好数据集上运行“层 ▸ 探测各层…”（约 30 秒）。</translation>
    </message>
    <message>
        <source>Brush the cuts</source>
        <translation>拖动分界</translation>
    </message>
    <message>
        <source>&lt;p&gt;The paper cuts the stack into thirds; a probe may argue for other cuts. Drag the two cut lines on the layer stack, or take the probe&apos;s suggestion (Layers ▸ Apply suggested cuts), then pick the block to train: Local, Mid or Global.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look for:&lt;/b&gt; the panel&apos;s count of trained parameters. An adapter on one block trains a fraction of what Full-DPO trains.&lt;/p&gt;</source>
        <translation>&lt;p&gt;论文把堆栈三等分；探测结果可能支持其他分界。拖动层堆栈上的两条分界线，或采用探测的建议（层 ▸ 应用建议分界），然后选择要训练的块：Local、Mid 或 Global。&lt;/p&gt;&lt;p&gt;&lt;b&gt;请注意：&lt;/b&gt;面板中训练参数的数量。单个块上的适配器只训练 Full-DPO 所训练参数的一小部分。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Applies the probe&apos;s cuts and picks the block the probe gives to facts (without a probe: the thirds and the global block).</source>
        <translation>应用探测的分界，并选择探测分配给事实的块（没有探测时：三等分和全局块）。</translation>
    </message>
    <message>
        <source>Train one block</source>
        <translation>训练一个块</translation>
    </message>
    <message>
        <source>&lt;p&gt;Start trains DPO with a LoRA adapter on the chosen block only. The Training curves tab shows the loss, the reward margin (how much more the model prefers the chosen answer than the rejected one, against the base) and the preference accuracy as they come in; the heat on the layer stack shows where the weights moved.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look for:&lt;/b&gt; the margin rising above zero and the heat staying inside the block.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“开始”只在所选块上用 LoRA 适配器训练 DPO。“训练曲线”标签页实时显示损失、奖励间隔（相对于基础模型，模型对所选答案比对被拒答案的偏好程度高多少）和偏好准确率；层堆栈上的热度显示权重在何处发生了变化。&lt;/p&gt;&lt;p&gt;&lt;b&gt;请注意：&lt;/b&gt;间隔升到零以上，并且热度保持在块内。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Compare Base with the run</source>
        <translation>对比基础模型与该运行</translation>
    </message>
    <message>
        <source>&lt;p&gt;The Compare tab answers a held-out prompt with the base model and with the run&apos;s adapter, with the same decoding and seed, and scores each answer with the lab&apos;s exact checkers. Try prompts of each dimension.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look for:&lt;/b&gt; answers the adapter fixes, and answers it breaks. One prompt proves nothing either way: that is what step 6 is for.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“对比”标签页用基础模型和该运行的适配器回答同一个留出提示，使用相同的解码设置和种子，并用实验室的精确检查器为每个回答打分。请尝试每个维度的提示。&lt;/p&gt;&lt;p&gt;&lt;b&gt;请注意：&lt;/b&gt;适配器修正了哪些回答，又弄错了哪些回答。单个提示无论如何都证明不了什么：这正是第 6 步的用途。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Puts Base beside the newest run and answers the first held-out prompt.</source>
        <translation>把基础模型与最新的运行并排，并回答第一个留出提示。</translation>
    </message>
    <message>
        <source>Run the sweep and read the table</source>
        <translation>运行扫描并阅读表格</translation>
    </message>
    <message>
        <source>Sets the training settings to the lab&apos;s sweep recipe (%1 steps of %2 pairs) and starts training.</source>
        <translation>将训练设置改为实验室的扫描配方（%1 步，每步 %2 对）并开始训练。</translation>
    </message>
    <message>
        <source>&lt;p&gt;The sweep trains every strategy (Full-DPO, Local, Mid and Global) with the same recipe and judges %1 held-out prompts of each dimension. The table gives each dimension&apos;s score with its 95% interval and the difference to Base; red cells are the alignment tax, a dimension that got worse.&lt;/p&gt;&lt;p&gt;&lt;b&gt;The paper&apos;s claim:&lt;/b&gt; Global-Align improves facts and logic, and Full-DPO pays a tax. &lt;b&gt;On the lab&lt;/b&gt; (three seeds, 200 prompts each): Global-Align gains most on grammar and facts and leaves logic where it was; Full-DPO loses 11 points of logic. Read whether your single-seed sweep agrees.&lt;/p&gt;</source>
        <translation>&lt;p&gt;扫描用相同的配方训练每种策略（Full-DPO、Local、Mid 和 Global），并在每个维度上评判 %1 个留出提示。表格给出每个维度的得分及其 95% 区间和与基础模型的差值；红色单元格是对齐税，即变差的维度。&lt;/p&gt;&lt;p&gt;&lt;b&gt;论文的结论：&lt;/b&gt;Global-Align 提升事实和逻辑，而 Full-DPO 要付出对齐税。&lt;b&gt;在实验室中&lt;/b&gt;（三个种子，每个 200 个提示）：Global-Align 在语法和事实上提升最多，逻辑保持不变；Full-DPO 的逻辑下降 11 个百分点。请看看您的单种子扫描是否与之一致。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Runs File ▸ Run sweep… with the lab&apos;s settings and one seed into the workspace (under a minute).</source>
        <translation>以实验室的设置和一个种子在工作区中运行“文件 ▸ 运行扫描…”（不到一分钟）。</translation>
    </message>
</context>
<context>
    <name>hialign::app::LessonHandout</name>
    <message>
        <source>Step %1 of the lesson (%2) did not finish: %3</source>
        <translation>课程的第 %1 步（%2）未能完成：%3</translation>
    </message>
    <message>
        <source>it ran out of time</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>step %1 (%2): %3 s</source>
        <translation>第 %1 步（%2）：%3 秒</translation>
    </message>
    <message>
        <source>Name the handout&apos;s file (a .pdf).</source>
        <translation>请指定讲义的文件名（.pdf）。</translation>
    </message>
    <message>
        <source>The handout is a PDF: name a file ending in .pdf, not %1.</source>
        <translation>讲义是 PDF：请指定以 .pdf 结尾的文件名，而不是 %1。</translation>
    </message>
    <message>
        <source>The folder %1 for the handout does not exist.</source>
        <translation>讲义的文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 is a folder; name the handout&apos;s file in it.</source>
        <translation>%1 是一个文件夹；请在其中指定讲义的文件名。</translation>
    </message>
    <message>
        <source>HiAlign Workbench %1 · the pictures were drawn by the workbench on the shipped demo lab.</source>
        <translation>HiAlign Workbench %1 · 图片由工作台在随附的演示实验室上绘制。</translation>
    </message>
    <message>
        <source>Do it:</source>
        <translation>执行：</translation>
    </message>
    <message>
        <source>Could not write the handout %1.</source>
        <translation>无法写入讲义 %1。</translation>
    </message>
    <message>
        <source>The handout is drawn on the demo lab, which is not installed (set HIALIGN_DEMO_DIR to its folder).</source>
        <translation>讲义在演示实验室上绘制，但它未安装（请将 HIALIGN_DEMO_DIR 设为其文件夹）。</translation>
    </message>
    <message>
        <source>Could not make a temporary folder for the handout&apos;s runs.</source>
        <translation>无法为讲义的运行创建临时文件夹。</translation>
    </message>
</context>
<context>
    <name>hialign::app::LessonPanel</name>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Do it</source>
        <translation>执行</translation>
    </message>
    <message>
        <source>What the lesson changed of your settings</source>
        <translation>课程对您的设置做了哪些更改</translation>
    </message>
    <message>
        <source>Put my settings back</source>
        <translation>恢复我的设置</translation>
    </message>
    <message>
        <source>Restart lesson</source>
        <translation>重新开始课程</translation>
    </message>
    <message>
        <source>Clears the ticks; the window keeps its model, runs and sweep.</source>
        <translation>清除勾选；窗口保留其模型、运行和扫描。</translation>
    </message>
    <message>
        <source>Export handout…</source>
        <translation>导出讲义…</translation>
    </message>
    <message>
        <source>Nothing yet.</source>
        <translation>尚无。</translation>
    </message>
</context>
<context>
    <name>hialign::app::MainWindow</name>
    <message>
        <source>Training in progress</source>
        <translation>训练进行中</translation>
    </message>
    <message>
        <source>A run is training. Stop it and quit? It is saved with a checkpoint and can be resumed from the Runs tab.</source>
        <translation>有一个运行正在训练。要停止并退出吗？它会保存检查点，之后可在“运行记录”标签页中恢复。</translation>
    </message>
    <message>
        <source>Choose a model folder (File ▸ Open model…) to begin.</source>
        <translation>请先选择一个模型文件夹（文件 ▸ 打开模型…）。</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation>选择 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Choose a preference data set</source>
        <translation>选择偏好数据集</translation>
    </message>
    <message>
        <source>Preference data (*.jsonl *.json);;All files (*)</source>
        <translation>偏好数据 (*.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>About HiAlign Workbench</source>
        <translation>关于 HiAlign Workbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;HiAlign Workbench %1&lt;/h3&gt;&lt;p&gt;DPO with LoRA adapters on chosen functional blocks of a model&apos;s layer stack: local (syntax), intermediate (logic), global (facts).&lt;/p&gt;&lt;p&gt;After Zhang &amp;amp; Dong, &lt;i&gt;Hierarchical Alignment: Surgical Fine-Tuning via Functional Layer Specialization in Large Language Models&lt;/i&gt;, arXiv 2510.12044.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;HiAlign Workbench %1&lt;/h3&gt;&lt;p&gt;在模型层堆栈中选定的功能块上使用 LoRA 适配器进行 DPO 训练：局部（句法）、中间（逻辑）、全局（事实）。&lt;/p&gt;&lt;p&gt;基于 Zhang &amp;amp; Dong 的论文 &lt;i&gt;Hierarchical Alignment: Surgical Fine-Tuning via Functional Layer Specialization in Large Language Models&lt;/i&gt;，arXiv 2510.12044。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>HiAlign Workbench</source>
        <translation>HiAlign Workbench</translation>
    </message>
    <message>
        <source>Layer stack</source>
        <translation>层堆栈</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Brush the functional blocks and see where training changes the model</source>
        <translation>刷选功能块，查看训练改变了模型的哪些部分</translation>
    </message>
    <message>
        <source>Loss, reward margin and accuracy as they train</source>
        <translation>训练过程中的损失、奖励差值和准确率</translation>
    </message>
    <message>
        <source>Base and adapters side by side on the same prompt</source>
        <translation>基础模型与各适配器在同一提示词上并排对比</translation>
    </message>
    <message>
        <source>Run folders of the workspace</source>
        <translation>工作区中的运行文件夹</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Recent models</source>
        <translation>最近的模型</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Open preferences…</source>
        <translation>打开偏好数据…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Could not open the model folder %1: %2</source>
        <translation>无法打开模型文件夹 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n layer(s) · %2 parameters</source>
        <translation>
            <numerusform>%1 · %n 层 · 参数量 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the preference file: %1</source>
        <translation>无法读取偏好文件：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n preference pair(s)</source>
        <translation>
            <numerusform>%n 个偏好对</numerusform>
        </translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>A strategy sweep&apos;s table, charts and judged generations</source>
        <translation>策略扫描的表格、图表和已评判的生成结果</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>层(&amp;L)</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Export handout…</source>
        <translation>导出讲义…</translation>
    </message>
    <message>
        <source>Export the lesson&apos;s handout</source>
        <translation>导出课程讲义</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>A handout is being written already; wait for it to finish.</source>
        <translation>已在写入一份讲义；请等待它完成。</translation>
    </message>
    <message>
        <source>The handout is drawn by %1, which is not there.</source>
        <translation>讲义由 %1 绘制，但它不存在。</translation>
    </message>
    <message>
        <source>The handout is written: %1</source>
        <translation>讲义已写入：%1</translation>
    </message>
    <message>
        <source>Writing the handout failed.</source>
        <translation>写入讲义失败。</translation>
    </message>
    <message>
        <source>Writing the handout: the lesson&apos;s six steps run in the background (about a minute)…</source>
        <translation>正在写入讲义：课程的六个步骤在后台运行（约一分钟）…</translation>
    </message>
</context>
<context>
    <name>hialign::app::ProbeController</name>
    <message>
        <source>A layer probe is already running; stop it first.</source>
        <translation>已有层探针在运行；请先停止它。</translation>
    </message>
</context>
<context>
    <name>hialign::app::ProbeDialog</name>
    <message>
        <source>Probe layers</source>
        <translation>探测各层</translation>
    </message>
    <message>
        <source>Which layers carry each dimension&apos;s preference signal: every layer&apos;s attention and MLP are removed in turn (ablation), and the DPO gradient on per-layer adapters is measured. The result shows beside the layer stack with suggested cuts.</source>
        <translation>哪些层承载各维度的偏好信号：依次移除每一层的注意力和 MLP（消融），并测量每层适配器上的 DPO 梯度。结果连同建议分界显示在层堆栈旁。</translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>Add dimension</source>
        <translation>添加维度</translation>
    </message>
    <message>
        <source>Ablation</source>
        <translation>消融</translation>
    </message>
    <message>
        <source>Remove each layer&apos;s attention output, MLP output or both, and measure the change in preference accuracy and margin</source>
        <translation>移除每一层的注意力输出、MLP 输出或两者，并测量偏好准确率和差值的变化</translation>
    </message>
    <message>
        <source>DPO gradient</source>
        <translation>DPO 梯度</translation>
    </message>
    <message>
        <source>The DPO loss&apos;s gradient reaching each layer&apos;s LoRA adapter at step 0</source>
        <translation>第 0 步时 DPO 损失到达每层 LoRA 适配器的梯度</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>A seeded sample of each file&apos;s pairs; fewer pairs run faster</source>
        <translation>从每个文件的偏好对中按种子抽样；对数越少运行越快</translation>
    </message>
    <message>
        <source>Pairs per dimension</source>
        <translation>每个维度的偏好对数</translation>
    </message>
    <message>
        <source>optional: a folder for probe.json, probe.csv and probe.html</source>
        <translation>可选：存放 probe.json、probe.csv 和 probe.html 的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Folder for the probe&apos;s files</source>
        <translation>探针文件的文件夹</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Run probe</source>
        <translation>运行探针</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;; each name once</source>
        <translation>字母、数字、“_”、“-”和“.”；每个名称只能用一次</translation>
    </message>
    <message>
        <source>preference file (JSONL or JSON)</source>
        <translation>偏好文件（JSONL 或 JSON）</translation>
    </message>
    <message>
        <source>Remove this dimension</source>
        <translation>移除此维度</translation>
    </message>
    <message>
        <source>Preference file</source>
        <translation>偏好文件</translation>
    </message>
    <message>
        <source>Preference data (*.jsonl *.json);;All files (*)</source>
        <translation>偏好数据 (*.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open a model folder (with its config.json) first.</source>
        <translation>请先打开一个模型文件夹（含 config.json）。</translation>
    </message>
    <message>
        <source>Add at least one dimension: a name and its preference file.</source>
        <translation>请至少添加一个维度：名称及其偏好文件。</translation>
    </message>
    <message>
        <source>Give the dimension of %1 a name.</source>
        <translation>请为 %1 的维度命名。</translation>
    </message>
    <message>
        <source>Choose a preference file for the dimension &quot;%1&quot;.</source>
        <translation>请为维度“%1”选择偏好文件。</translation>
    </message>
    <message>
        <source>The preference file of &quot;%1&quot; does not exist.</source>
        <translation>“%1”的偏好文件不存在。</translation>
    </message>
    <message>
        <source>Choose at least one method: ablation or the DPO gradient.</source>
        <translation>请至少选择一种方法：消融或 DPO 梯度。</translation>
    </message>
    <message>
        <source>The output folder is a file.</source>
        <translation>输出文件夹是一个文件。</translation>
    </message>
</context>
<context>
    <name>hialign::app::ProbePage</name>
    <message>
        <source>Cancel probe</source>
        <translation>取消探针</translation>
    </message>
    <message>
        <source>Probe: %1</source>
        <translation>探针：%1</translation>
    </message>
    <message>
        <source>Open a probe result</source>
        <translation>打开探针结果</translation>
    </message>
    <message>
        <source>Probe result (probe.json *.json);;All files (*)</source>
        <translation>探针结果 (probe.json *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Stop probe</source>
        <translation>停止探针</translation>
    </message>
    <message>
        <source>Probe layers…</source>
        <translation>探测各层…</translation>
    </message>
    <message>
        <source>Measure which layers carry each dimension&apos;s preference signal and suggest cuts</source>
        <translation>测量哪些层承载各维度的偏好信号，并给出建议分界</translation>
    </message>
    <message>
        <source>Open probe result…</source>
        <translation>打开探针结果…</translation>
    </message>
    <message>
        <source>Train a dimension&apos;s block</source>
        <translation>训练某一维度的块</translation>
    </message>
    <message>
        <source>Clear probe</source>
        <translation>清除探针</translation>
    </message>
    <message>
        <source>Open a model folder first; the probe runs on its layers.</source>
        <translation>请先打开一个模型文件夹；探针在它的各层上运行。</translation>
    </message>
    <message>
        <source>Probe: loading the model…</source>
        <translation>探针：正在加载模型…</translation>
    </message>
    <message>
        <source>The probe stopped; nothing was written.</source>
        <translation>探针已停止；没有写入任何文件。</translation>
    </message>
    <message>
        <source>Probe finished: suggested cuts %1 | %2 (separation %3, against %4 at the thirds %5 | %6).</source>
        <translation>探针完成：建议分界 %1 | %2（分离度 %3，三等分 %5 | %6 处为 %4）。</translation>
    </message>
    <message>
        <source>Probe finished; a stack of fewer than 3 layers gets no suggested cuts.</source>
        <translation>探针完成；少于 3 层的堆栈没有建议分界。</translation>
    </message>
    <message>
        <source>Files in %1.</source>
        <translation>文件位于 %1。</translation>
    </message>
    <message>
        <source>Open a model folder first; a probe result belongs to a model.</source>
        <translation>请先打开一个模型文件夹；探针结果属于某个模型。</translation>
    </message>
    <message>
        <source>This probe is of a model with %1 layers, but the open model has %2.</source>
        <translation>该探针来自一个 %1 层的模型，而当前打开的模型有 %2 层。</translation>
    </message>
    <message>
        <source>Opened the probe in %1.</source>
        <translation>已打开 %1 中的探针。</translation>
    </message>
    <message>
        <source>It was measured on %1.</source>
        <translation>它是在 %1 上测得的。</translation>
    </message>
    <message>
        <source>The probe returned no result.</source>
        <translation>探针没有返回结果。</translation>
    </message>
    <message>
        <source>Train %1&apos;s block (%2)</source>
        <translation>训练 %1 的块（%2）</translation>
    </message>
    <message>
        <source>The plan trains %1&apos;s block (%2, layers %3–%4) with the data in the panel; press Start training to run it.</source>
        <translation>该计划用面板中的数据训练 %1 的块（%2，第 %3–%4 层）；点击开始训练即可运行。</translation>
    </message>
    <message>
        <source>Layer probe</source>
        <translation>层探针</translation>
    </message>
    <message>
        <source>Train with the probe&apos;s ranks</source>
        <translation>按探测的秩训练</translation>
    </message>
    <message>
        <source>The plan trains %1&apos;s block (%2) with the probe&apos;s ranks per layer, %3, within %4 adapter parameters; press Start training to run it.</source>
        <translation>该计划以探测给出的每层秩（%3）训练 %1 的块（%2），适配器参数不超过 %4；按“开始训练”运行。</translation>
    </message>
</context>
<context>
    <name>hialign::app::ProbeWorker</name>
    <message>
        <source>The probe stopped with an unknown error.</source>
        <translation>探针因未知错误而停止。</translation>
    </message>
</context>
<context>
    <name>hialign::app::RunSummary</name>
    <message>
        <source>%1 has no readable run.json.</source>
        <translation>%1 中没有可读取的 run.json。</translation>
    </message>
</context>
<context>
    <name>hialign::app::RunsBrowser</name>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete the run folder %1 with its checkpoints and adapter? This cannot be undone.</source>
        <translation>要删除运行文件夹 %1 及其检查点和适配器吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Strategy (layers)</source>
        <translation>策略（层）</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>奖励差值</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <source>Choose workspace…</source>
        <translation>选择工作区…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show the run&apos;s curves in the training plots</source>
        <translation>在训练图表中显示该运行的曲线</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Continue a stopped run from its newest checkpoint</source>
        <translation>从最新的检查点继续已停止的运行</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Overlay the selected runs&apos; curves and add their adapters to the compare view</source>
        <translation>叠加所选运行的曲线，并将其适配器加入对比视图</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>No workspace chosen</source>
        <translation>未选择工作区</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>工作区：%1</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped (resumable)</source>
        <translation>已停止（可恢复）</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted (resumable)</source>
        <translation>已中断（可恢复）</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Merge into model…</source>
        <translation>合并到模型…</translation>
    </message>
    <message>
        <source>Write the base model with this run&apos;s adapter merged in, as a Hugging Face model folder</source>
        <translation>将此运行的适配器合并进基础模型，并写出为 Hugging Face 模型文件夹</translation>
    </message>
</context>
<context>
    <name>hialign::app::RunsPage</name>
    <message>
        <source>Choose the folder for run folders</source>
        <translation>选择存放运行文件夹的目录</translation>
    </message>
    <message>
        <source>Folder for the merged model</source>
        <translation>合并后模型的文件夹</translation>
    </message>
    <message>
        <source>Merging the adapter of %1…</source>
        <translation>正在合并 %1 的适配器…</translation>
    </message>
    <message numerus="yes">
        <source>Merged %n adapted projection(s) into a model folder: %1</source>
        <translation>
            <numerusform>已将 %n 个经适配的投影合并并写入模型文件夹：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hialign::app::ScreenshotDriver</name>
    <message>
        <source>The probe did not finish within 30 minutes.</source>
        <translation>探针未能在 30 分钟内完成。</translation>
    </message>
    <message>
        <source>The training run did not finish within 30 minutes.</source>
        <translation>训练运行未能在 30 分钟内完成。</translation>
    </message>
    <message>
        <source>Could not write the screenshot %1.</source>
        <translation>无法写入截图 %1。</translation>
    </message>
    <message>
        <source>Step %1 of the lesson did not finish: %2</source>
        <translation>课程的第 %1 步未能完成：%2</translation>
    </message>
</context>
<context>
    <name>hialign::app::SweepController</name>
    <message>
        <source>A sweep is already running; stop it first.</source>
        <translation>已有扫描在运行；请先停止它。</translation>
    </message>
</context>
<context>
    <name>hialign::app::SweepDialog</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Run strategy sweep</source>
        <translation>运行策略扫描</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Preference data</source>
        <translation>偏好数据</translation>
    </message>
    <message>
        <source>Preference data (*.jsonl *.json)</source>
        <translation>偏好数据 (*.jsonl *.json)</translation>
    </message>
    <message>
        <source>JSON Lines files with a &quot;prompt&quot; per line, separated by &apos;;&apos;</source>
        <translation>每行含一个“prompt”的 JSON Lines 文件，用“;”分隔</translation>
    </message>
    <message>
        <source>Eval prompts</source>
        <translation>评测提示</translation>
    </message>
    <message>
        <source>Eval prompts (*.jsonl)</source>
        <translation>评测提示 (*.jsonl)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Prompts per file</source>
        <translation>每个文件的提示数</translation>
    </message>
    <message>
        <source>exact (demo lab), local:MODEL_DIR or openai:URL,model=NAME,key-env=VARIABLE; the API key is read from the environment variable and never saved</source>
        <translation>exact（演示实验室）、local:模型文件夹 或 openai:URL,model=名称,key-env=变量；API 密钥从环境变量读取，从不保存</translation>
    </message>
    <message>
        <source>Judge</source>
        <translation>评审</translation>
    </message>
    <message>
        <source>Strategies</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Comma-separated; each seed trains and samples every strategy once</source>
        <translation>以逗号分隔；每个种子对每种策略训练并采样一次</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Steps per strategy</source>
        <translation>每种策略的步数</translation>
    </message>
    <message>
        <source>Sampling temperature of the eval generations; 0 is greedy</source>
        <translation>评测生成的采样温度；0 为贪心解码</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Running the same sweep into the same folder again resumes it</source>
        <translation>将同一扫描再次运行到同一文件夹会继续它</translation>
    </message>
    <message>
        <source>Sweep folder</source>
        <translation>扫描文件夹</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>The model folder has no config.json.</source>
        <translation>模型文件夹中没有 config.json。</translation>
    </message>
    <message>
        <source>The preference data file does not exist.</source>
        <translation>偏好数据文件不存在。</translation>
    </message>
    <message>
        <source>Choose at least one eval prompts file.</source>
        <translation>请至少选择一个评测提示文件。</translation>
    </message>
    <message>
        <source>The eval prompts file %1 does not exist.</source>
        <translation>评测提示文件 %1 不存在。</translation>
    </message>
    <message>
        <source>Choose at least one strategy.</source>
        <translation>请至少选择一种策略。</translation>
    </message>
    <message>
        <source>The seeds must be whole numbers separated by commas.</source>
        <translation>种子必须是以逗号分隔的整数。</translation>
    </message>
    <message>
        <source>Give at least one seed.</source>
        <translation>请至少给出一个种子。</translation>
    </message>
    <message>
        <source>Choose a judge.</source>
        <translation>请选择一个评审。</translation>
    </message>
    <message>
        <source>Choose a sweep folder.</source>
        <translation>请选择一个扫描文件夹。</translation>
    </message>
    <message>
        <source>Nucleus sampling of the eval generations: the smallest set of tokens whose probabilities add up to this share; 1 samples from all</source>
        <translation>评测生成的核采样：从概率之和达到该比例的最小词元集合中采样；1 表示从全部词元中采样</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Longest eval generation, in tokens</source>
        <translation>评测生成的最大长度（词元数）</translation>
    </message>
    <message>
        <source>Max new tokens</source>
        <translation>最大新词元数</translation>
    </message>
    <message>
        <source>Temperature, top-p and max new tokens follow the demo lab&apos;s evaluation decoding (its card.json).</source>
        <translation>温度、Top-p 和最大新词元数沿用演示实验室的评测解码设置（其 card.json）。</translation>
    </message>
    <message>
        <source>Bootstrap resamples of the report&apos;s intervals (over seeds, then prompts)</source>
        <translation>报告区间的自助法重采样次数（先按种子，再按提示词）</translation>
    </message>
    <message>
        <source>Bootstrap resamples</source>
        <translation>自助法重采样次数</translation>
    </message>
    <message>
        <source>Significance level of the paired tests against Base (Holm-corrected); the intervals are at 1 − α</source>
        <translation>与基础模型进行配对检验的显著性水平（经 Holm 校正）；区间的置信水平为 1 − α</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>Thirds (the paper&apos;s default)</source>
        <translation>三等分（论文默认）</translation>
    </message>
    <message>
        <source>Layer stack&apos;s cuts: local [0, %1), intermediate [%1, %2), global [%2, …)</source>
        <translation>层堆栈的切分：局部 [0, %1)，中间 [%1, %2)，全局 [%2, …)</translation>
    </message>
    <message>
        <source>Where the local, intermediate and global blocks of Local-, Mid- and Global-Align end. Move the cuts on the layer stack (or apply a layer probe&apos;s suggested cuts) to offer them here.</source>
        <translation>Local-、Mid- 和 Global-Align 的局部、中间和全局块的结束位置。在层堆栈上移动切分（或应用层探针建议的切分）即可在此提供。</translation>
    </message>
    <message>
        <source>Block cuts</source>
        <translation>块切分</translation>
    </message>
</context>
<context>
    <name>hialign::app::SweepPage</name>
    <message>
        <source>Wrote the sweep report to %1.</source>
        <translation>扫描报告已写入 %1。</translation>
    </message>
    <message>
        <source>Sweep %1/%2: %3</source>
        <translation>扫描 %1/%2：%3</translation>
    </message>
    <message>
        <source>training %1: step %2 of %3, loss %4</source>
        <translation>正在训练 %1：第 %2 步，共 %3 步，损失 %4</translation>
    </message>
    <message>
        <source>Sweep: training %1, step %2 of %3, loss %4</source>
        <translation>扫描：正在训练 %1，第 %2 步，共 %3 步，损失 %4</translation>
    </message>
    <message>
        <source>Run sweep…</source>
        <translation>运行扫描…</translation>
    </message>
    <message>
        <source>The sweep finished; its report is in %1.</source>
        <translation>扫描已完成；报告位于 %1。</translation>
    </message>
    <message>
        <source>The sweep stopped. Run it again with the same folder to resume.</source>
        <translation>扫描已停止。使用同一文件夹再次运行即可继续。</translation>
    </message>
    <message>
        <source>Open sweep…</source>
        <translation>打开扫描…</translation>
    </message>
    <message>
        <source>Export sweep report…</source>
        <translation>导出扫描报告…</translation>
    </message>
    <message>
        <source>Stop sweep</source>
        <translation>停止扫描</translation>
    </message>
    <message>
        <source>Sweep in progress</source>
        <translation>扫描进行中</translation>
    </message>
    <message>
        <source>Stop the running sweep? Finished strategies are kept and the sweep resumes when it is run again with the same folder.</source>
        <translation>停止正在运行的扫描？已完成的策略会保留，使用同一文件夹再次运行时扫描会继续。</translation>
    </message>
    <message>
        <source>Sweep started in %1.</source>
        <translation>扫描已在 %1 中开始。</translation>
    </message>
</context>
<context>
    <name>hialign::app::TrainingController</name>
    <message>
        <source>A run is already training; stop it first.</source>
        <translation>已有运行正在训练；请先停止它。</translation>
    </message>
</context>
<context>
    <name>hialign::app::TrainingPage</name>
    <message>
        <source>Paused. Continue or stop (a checkpoint is written on stop).</source>
        <translation>已暂停。可继续或停止（停止时会写入检查点）。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>Choose a model folder first.</source>
        <translation>请先选择模型文件夹。</translation>
    </message>
    <message>
        <source>Choose a preference data file first.</source>
        <translation>请先选择偏好数据文件。</translation>
    </message>
    <message>
        <source>The Base strategy trains nothing: pick a block, Full, or paint some layers.</source>
        <translation>“基础”策略不训练任何内容：请选择一个块、“全部”，或涂选若干层。</translation>
    </message>
    <message>
        <source>loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Training %1…</source>
        <translation>正在训练 %1…</translation>
    </message>
    <message>
        <source>Resuming %1…</source>
        <translation>正在恢复 %1…</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <source>GPU memory %1 GiB</source>
        <translation>GPU 显存 %1 GiB</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>损失 %1</translation>
    </message>
    <message numerus="yes">
        <source>Finished %1 after %n step(s). Compare it with Base in the Compare tab.</source>
        <translation>
            <numerusform>%1 已在 %n 步后完成。可在“对比”标签页中与基础模型比较。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped %1 at step %2; resume it from the Runs tab.</source>
        <translation>%1 已在第 %2 步停止；可在“运行记录”标签页中恢复。</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>训练失败。</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>Stopping and writing a checkpoint…</source>
        <translation>正在停止并写入检查点…</translation>
    </message>
    <message>
        <source>The run&apos;s answers could not be read: %1</source>
        <translation>无法读取该运行的回答：%1</translation>
    </message>
</context>
<context>
    <name>hialign::app::TrainingPanel</name>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation>选择 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Choose a preference data set</source>
        <translation>选择偏好数据集</translation>
    </message>
    <message>
        <source>Preference data (*.jsonl *.json);;All files (*)</source>
        <translation>偏好数据 (*.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the folder for run folders</source>
        <translation>选择存放运行文件夹的目录</translation>
    </message>
    <message>
        <source>Model and data</source>
        <translation>模型与数据</translation>
    </message>
    <message>
        <source>Where to adapt (LoRA)</source>
        <translation>适配位置（LoRA）</translation>
    </message>
    <message>
        <source>Preference optimisation (DPO)</source>
        <translation>偏好优化（DPO）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>偏好数据</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>Rank r</source>
        <translation>秩 r</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>β (beta)</source>
        <translation>β（beta）</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Pairs per step</source>
        <translation>每步偏好对数</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Folder with config.json and model.safetensors</source>
        <translation>包含 config.json 和 model.safetensors 的文件夹</translation>
    </message>
    <message>
        <source>A Hugging Face model folder (Llama, Mistral, Qwen families)</source>
        <translation>Hugging Face 模型文件夹（Llama、Mistral、Qwen 系列）</translation>
    </message>
    <message>
        <source>JSONL with prompt, chosen, rejected</source>
        <translation>包含 prompt、chosen、rejected 字段的 JSONL</translation>
    </message>
    <message>
        <source>Each line: {&quot;prompt&quot;, &quot;chosen&quot;, &quot;rejected&quot;}; the preferred answer is &quot;chosen&quot;</source>
        <translation>每行：{&quot;prompt&quot;, &quot;chosen&quot;, &quot;rejected&quot;}；更优的回答放在 &quot;chosen&quot; 中</translation>
    </message>
    <message>
        <source>Every run gets its own folder here: settings, metrics, checkpoints, adapter</source>
        <translation>每次运行都会在此获得一个独立文件夹：设置、指标、检查点、适配器</translation>
    </message>
    <message>
        <source>Full-DPO (every layer)</source>
        <translation>Full-DPO（所有层）</translation>
    </message>
    <message>
        <source>Local-Align (first third)</source>
        <translation>Local-Align（前三分之一）</translation>
    </message>
    <message>
        <source>Mid-Align (middle third)</source>
        <translation>Mid-Align（中间三分之一）</translation>
    </message>
    <message>
        <source>Global-Align (last third)</source>
        <translation>Global-Align（后三分之一）</translation>
    </message>
    <message>
        <source>Custom (painted layers)</source>
        <translation>自定义（涂选的层）</translation>
    </message>
    <message>
        <source>Which layers get adapters; the layer stack shows and edits the same choice</source>
        <translation>哪些层获得适配器；层堆栈显示并编辑的是同一选择</translation>
    </message>
    <message>
        <source>attention + MLP</source>
        <translation>注意力 + MLP</translation>
    </message>
    <message>
        <source>attention only</source>
        <translation>仅注意力</translation>
    </message>
    <message>
        <source>MLP only</source>
        <translation>仅 MLP</translation>
    </message>
    <message>
        <source>Size of each adapter: more rank, more capacity and more parameters</source>
        <translation>每个适配器的大小：秩越高，容量越大，参数也越多</translation>
    </message>
    <message>
        <source>Scale of the adapter&apos;s update (alpha / r); twice the rank is a common choice</source>
        <translation>适配器更新的缩放系数（alpha / r）；通常取秩的两倍</translation>
    </message>
    <message>
        <source>The paper&apos;s finding: local layers shape fluency, the global block facts and reasoning. Adapting one block avoids the &apos;alignment tax&apos; of training everything.</source>
        <translation>论文的发现：局部层决定语言流畅度，全局块决定事实与推理。只适配一个块，可以避免训练全部层带来的“对齐税”。</translation>
    </message>
    <message>
        <source>sigmoid: standard DPO; ipo: squared loss; hinge: margin loss; robust: for noisy labels</source>
        <translation>sigmoid：标准 DPO；ipo：平方损失；hinge：间隔损失；robust：适用于含噪声的标签</translation>
    </message>
    <message>
        <source>How far the model may move from the base: small β lets it move more</source>
        <translation>模型可偏离基础模型的程度：β 越小，允许的偏离越大</translation>
    </message>
    <message>
        <source>AdamW step size for the adapters (cosine schedule with warm-up)</source>
        <translation>适配器的 AdamW 步长（带预热的余弦调度）</translation>
    </message>
    <message>
        <source>Optimizer steps of this run</source>
        <translation>本次运行的优化器步数</translation>
    </message>
    <message>
        <source>Preference pairs per step</source>
        <translation>每步使用的偏好对数量</translation>
    </message>
    <message>
        <source>Held-out evaluation every N steps (0: only at the end)</source>
        <translation>每 N 步在留出数据上评估一次（0：仅在结束时评估）</translation>
    </message>
    <message>
        <source>Same seed, same data order and initialisation: runs are reproducible</source>
        <translation>相同的种子意味着相同的数据顺序和初始化：运行结果可复现</translation>
    </message>
    <message>
        <source>Automatic (GPU when present)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>DPO raises the likelihood of the chosen answer over the rejected one, relative to the untrained model. Watch the reward margin grow and accuracy approach 100%.</source>
        <translation>DPO 以未训练的模型为参照，提高被选回答相对于被拒回答的似然。观察奖励差值逐渐增大、准确率逐步接近 100%。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Train on a background thread; the window stays usable</source>
        <translation>在后台线程中训练；窗口仍可正常使用</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current step and save a checkpoint you can resume</source>
        <translation>在当前步结束后停止，并保存一个可恢复的检查点</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>preparing…</source>
        <translation>准备中…</translation>
    </message>
    <message>
        <source>Models in the Hugging Face cache</source>
        <translation>Hugging Face 缓存中的模型</translation>
    </message>
    <message>
        <source>None in %1</source>
        <translation>%1 中没有模型</translation>
    </message>
    <message>
        <source>Choose a model folder; the arrow lists the models in the Hugging Face cache</source>
        <translation>选择模型文件夹；箭头列出 Hugging Face 缓存中的模型</translation>
    </message>
    <message>
        <source>Answers over training are off.</source>
        <translation>训练中的回答已关闭。</translation>
    </message>
    <message numerus="yes">
        <source>The prompts of %1 are answered at step 0, every %n step(s) and at the end; they are shown unjudged under the curves.</source>
        <translation>
            <numerusform>%1 中的提示在第 0 步、每 %n 步和结束时回答；它们不评分，显示在曲线下方。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The lab&apos;s held-out prompts are answered at step 0, every %n step(s) and at the end, judged exactly; the answers and their score show under the curves.</source>
        <translation>
            <numerusform>实验室的留出提示在第 0 步、每 %n 步和结束时回答，并精确评分；回答及其分数显示在曲线下方。</numerusform>
        </translation>
    </message>
    <message>
        <source>This model is not a demo lab&apos;s: choose a prompt file to see its answers over training.</source>
        <translation>此模型不属于演示实验室：请选择提示文件以查看其训练中的回答。</translation>
    </message>
    <message>
        <source>Choose prompts to answer during training</source>
        <translation>选择训练中要回答的提示</translation>
    </message>
    <message>
        <source>Prompts (*.jsonl *.json);;All files (*)</source>
        <translation>提示 (*.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Answer prompts every</source>
        <translation>回答提示间隔</translation>
    </message>
    <message>
        <source>Answer prompts</source>
        <translation>要回答的提示</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Answer a fixed set of held-out prompts at step 0, every N steps and at the end, and judge them: the Answers view under the curves (0: off)</source>
        <translation>在第 0 步、每 N 步和结束时回答一组固定的留出提示并评分：曲线下方的回答视图（0：关闭）</translation>
    </message>
    <message>
        <source>the demo lab&apos;s held-out prompts</source>
        <translation>演示实验室的留出提示</translation>
    </message>
    <message>
        <source>JSONL with one {&quot;prompt&quot;} per line (optional &quot;id&quot;, &quot;dimension&quot;)</source>
        <translation>每行一个 {&quot;prompt&quot;} 的 JSONL（可选 &quot;id&quot;、&quot;dimension&quot;）</translation>
    </message>
</context>
<context>
    <name>hialign::app::TrainingWorker</name>
    <message>
        <source>The trainer stopped with an unknown error.</source>
        <translation>训练器因未知错误而停止。</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::CompareView</name>
    <message>
        <source>Prompts</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Held-out prompts of the data set, and your own. Double-click one to compare.</source>
        <translation>数据集中留出的提示词，以及你自己添加的提示词。双击其中一个即可对比。</translation>
    </message>
    <message>
        <source>Type a prompt and press Enter</source>
        <translation>输入提示词后按回车</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Models side by side</source>
        <translation>并排对比的模型</translation>
    </message>
    <message>
        <source>Base is the model without adapters; every trained run adds its adapter.</source>
        <translation>“基础模型”是不带适配器的模型；每个训练过的运行都会加入其适配器。</translation>
    </message>
    <message>
        <source>Decoding (same for every column)</source>
        <translation>解码设置（各列相同）</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>新 token 数</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>0 picks the most likely token each time (greedy), the fairest comparison</source>
        <translation>0 表示每次都选概率最高的 token（贪心解码），对比最公平</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;background-color:%1&quot;&gt;Highlighted&lt;/span&gt; words differ from Base.</source>
        <translation>&lt;span style=&quot;background-color:%1&quot;&gt;高亮&lt;/span&gt;的词与基础模型不同。</translation>
    </message>
    <message>
        <source>Pick a prompt and press Generate.</source>
        <translation>请选择一个提示词，然后点击“生成”。</translation>
    </message>
    <message>
        <source>Pick or type a prompt first.</source>
        <translation>请先选择或输入一个提示词。</translation>
    </message>
    <message>
        <source>Tick at least one model to compare.</source>
        <translation>请至少勾选一个要对比的模型。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prompt:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;提示词：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>&lt;i&gt;%1: no dimension applies&lt;/i&gt;</source>
        <translation>&lt;i&gt;%1：没有适用的维度&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;%1: waiting for the response…&lt;/i&gt;</source>
        <translation>&lt;i&gt;%1：正在等待回答…&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: %2 (%3) %4</source>
        <translation>%1：%2（%3）%4</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::LayerStackView</name>
    <message>
        <source>Base</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>局部</translation>
    </message>
    <message>
        <source>Mid</source>
        <translation>中间</translation>
    </message>
    <message>
        <source>Global</source>
        <translation>全局</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Base: no adapters; the untrained model for comparison (B)</source>
        <translation>基础：无适配器；作为对照的未训练模型（B）</translation>
    </message>
    <message>
        <source>Full-DPO: LoRA adapters on every layer (F)</source>
        <translation>Full-DPO：每一层都加 LoRA 适配器（F）</translation>
    </message>
    <message>
        <source>Local-Align: adapters on the local block only, syntax and fluency (L)</source>
        <translation>Local-Align：仅在局部块上加适配器，作用于句法与流畅度（L）</translation>
    </message>
    <message>
        <source>Mid-Align: adapters on the intermediate block only, logic and coherence (M)</source>
        <translation>Mid-Align：仅在中间块上加适配器，作用于逻辑与连贯性（M）</translation>
    </message>
    <message>
        <source>Global-Align: adapters on the global block only, facts and reasoning (G)</source>
        <translation>Global-Align：仅在全局块上加适配器，作用于事实与推理（G）</translation>
    </message>
    <message>
        <source>Custom: paint any set of layers with the mouse, or toggle them with Space</source>
        <translation>自定义：用鼠标涂选任意层，或用空格键切换</translation>
    </message>
    <message>
        <source>Heat: off</source>
        <translation>热度：关闭</translation>
    </message>
    <message>
        <source>Heat: ‖ΔW‖ (how much each layer changed)</source>
        <translation>热度：‖ΔW‖（各层的变化幅度）</translation>
    </message>
    <message>
        <source>Heat: ‖gradient‖ (where training pushes now)</source>
        <translation>热度：‖梯度‖（训练当前作用的位置）</translation>
    </message>
    <message>
        <source>What the heat column shows per layer during and after training</source>
        <translation>热度列在训练期间和训练后为每一层显示的内容</translation>
    </message>
    <message>
        <source>Layer stack</source>
        <translation>层堆栈</translation>
    </message>
    <message>
        <source>Cut between the local and the intermediate block: drag it, or press +/−</source>
        <translation>局部块与中间块之间的分界：拖动它，或按 +/−</translation>
    </message>
    <message>
        <source>Cut between the intermediate and the global block: drag it, or press +/−</source>
        <translation>中间块与全局块之间的分界：拖动它，或按 +/−</translation>
    </message>
    <message>
        <source>Language-model head: turns the last hidden state into next-token scores. No adapters here.</source>
        <translation>语言模型头：将最后的隐藏状态转换为下一个 token 的得分。此处不加适配器。</translation>
    </message>
    <message>
        <source>Token embedding: looks up one vector per input token. No adapters here.</source>
        <translation>Token 嵌入：为每个输入 token 查找一个向量。此处不加适配器。</translation>
    </message>
    <message>
        <source>Local block: the first layers, which shape syntax and fluency.</source>
        <translation>局部块：最前面的若干层，决定句法与流畅度。</translation>
    </message>
    <message>
        <source>Intermediate block: the middle layers, which carry logic and coherence.</source>
        <translation>中间块：中部的若干层，承载逻辑与连贯性。</translation>
    </message>
    <message>
        <source>Global block: the last layers, which hold facts and high-level reasoning.</source>
        <translation>全局块：最后的若干层，掌管事实与高层推理。</translation>
    </message>
    <message>
        <source>%1
Layers %2–%3. Click to train this block only.</source>
        <translation>%1
第 %2–%3 层。点击以仅训练此块。</translation>
    </message>
    <message>
        <source>local</source>
        <translation>局部</translation>
    </message>
    <message>
        <source>intermediate</source>
        <translation>中间</translation>
    </message>
    <message>
        <source>global</source>
        <translation>全局</translation>
    </message>
    <message>
        <source>Layer %1 (%2 block)</source>
        <translation>第 %1 层（%2块）</translation>
    </message>
    <message>
        <source>Attention: %1 parameters</source>
        <translation>注意力：参数量 %1</translation>
    </message>
    <message>
        <source>MLP: %1 parameters</source>
        <translation>MLP：参数量 %1</translation>
    </message>
    <message>
        <source>LoRA adapter: %1 parameters (%2 of this layer)</source>
        <translation>LoRA 适配器：参数量 %1（占本层的 %2）</translation>
    </message>
    <message>
        <source>No adapter: this layer stays frozen</source>
        <translation>无适配器：该层保持冻结</translation>
    </message>
    <message>
        <source>Carries a LoRA adapter</source>
        <translation>带有 LoRA 适配器</translation>
    </message>
    <message>
        <source>‖ΔW‖ = %1</source>
        <translation>‖ΔW‖ = %1</translation>
    </message>
    <message>
        <source>‖gradient‖ = %1</source>
        <translation>‖梯度‖ = %1</translation>
    </message>
    <message>
        <source>Click or drag to paint a custom set; Space toggles the focused layer.</source>
        <translation>点击或拖动以涂选自定义层集；空格键切换当前焦点所在的层。</translation>
    </message>
    <message>
        <source>Choose a model folder to see its layer stack.</source>
        <translation>选择一个模型文件夹以查看其层堆栈。</translation>
    </message>
    <message>
        <source>‖ΔW‖</source>
        <translation>‖ΔW‖</translation>
    </message>
    <message>
        <source>‖gradient‖</source>
        <translation>‖梯度‖</translation>
    </message>
    <message>
        <source>parameters · adapter · share</source>
        <translation>参数 · 适配器 · 占比</translation>
    </message>
    <message>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
    <message>
        <source>Token embedding</source>
        <translation>Token 嵌入</translation>
    </message>
    <message>
        <source>LM head + final norm · tied to the embedding</source>
        <translation>LM 头 + 最终归一化 · 与嵌入共享权重</translation>
    </message>
    <message>
        <source>LM head + final norm · %1</source>
        <translation>LM 头 + 最终归一化 · %1</translation>
    </message>
    <message>
        <source>Token embedding · %1</source>
        <translation>Token 嵌入 · %1</translation>
    </message>
    <message>
        <source>attention · LoRA</source>
        <translation>注意力 · LoRA</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>MLP · LoRA</source>
        <translation>MLP · LoRA</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <source>%1 · +%2 · %3</source>
        <translation>%1 · +%2 · %3</translation>
    </message>
    <message>
        <source>%1 · frozen</source>
        <translation>%1 · 冻结</translation>
    </message>
    <message>
        <source>after training</source>
        <translation>训练后</translation>
    </message>
    <message>
        <source>Base: no adapters</source>
        <translation>基础：无适配器</translation>
    </message>
    <message>
        <source>Full-DPO: every layer</source>
        <translation>Full-DPO：所有层</translation>
    </message>
    <message>
        <source>Local-Align</source>
        <translation>Local-Align</translation>
    </message>
    <message>
        <source>Mid-Align</source>
        <translation>Mid-Align</translation>
    </message>
    <message>
        <source>Global-Align</source>
        <translation>Global-Align</translation>
    </message>
    <message>
        <source>Custom layer set</source>
        <translation>自定义层集</translation>
    </message>
    <message>
        <source> · layers %1</source>
        <translation> · 层 %1</translation>
    </message>
    <message>
        <source> · cuts at %1 | %2</source>
        <translation> · 分界位于 %1 | %2</translation>
    </message>
    <message>
        <source>Model %1 parameters · adapters %2 · %3 of the model trained</source>
        <translation>模型参数量 %1 · 适配器 %2 · 训练了模型的 %3</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s); choose a model folder for parameter counts</source>
        <translation>
            <numerusform>%n 层；选择模型文件夹以查看参数量</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply suggested cuts</source>
        <translation>应用建议分界</translation>
    </message>
    <message numerus="yes">
        <source>The probe names %n dimension(s) but holds %1 importance profile(s).</source>
        <translation>
            <numerusform>探针列出 %n 个维度，却有 %1 个重要性分布。</numerusform>
        </translation>
    </message>
    <message>
        <source>The probe is of a %1-layer model; this layer stack has %2 layers.</source>
        <translation>该探针来自一个 %1 层的模型；此层堆栈有 %2 层。</translation>
    </message>
    <message>
        <source>The probe holds an importance value that is negative or not a number.</source>
        <translation>探针中有一个为负或不是数字的重要性值。</translation>
    </message>
    <message>
        <source>The suggested cuts %1 and %2 do not fit a stack of %3 layers.</source>
        <translation>建议分界 %1 和 %2 不适合 %3 层的堆栈。</translation>
    </message>
    <message>
        <source>The probe&apos;s block assignment does not match its dimensions.</source>
        <translation>探针的块分配与其维度不符。</translation>
    </message>
    <message>
        <source>Move the plan&apos;s cuts to the probe&apos;s suggestion: %1 | %2</source>
        <translation>将计划的分界移到探针建议处：%1 | %2</translation>
    </message>
    <message>
        <source>Run or open a layer probe to get suggested cuts</source>
        <translation>运行或打开层探针以获得建议分界</translation>
    </message>
    <message numerus="yes">
        <source>%n decoder layer(s), layer 0 at the bottom.</source>
        <translation>
            <numerusform>%n 个解码器层，第 0 层在最下方。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cuts at %1 and %2.</source>
        <translation>分界位于 %1 和 %2。</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s) carry adapters.</source>
        <translation>
            <numerusform>%n 层带有适配器。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 peaks at layer %2</source>
        <translation>%1 在第 %2 层达到峰值</translation>
    </message>
    <message>
        <source>Layer probe: %1.</source>
        <translation>层探针：%1。</translation>
    </message>
    <message>
        <source>Suggested cuts at %1 and %2.</source>
        <translation>建议分界位于 %1 和 %2。</translation>
    </message>
    <message>
        <source>Up and Down move the focus, Space toggles a layer, plus and minus move the nearest cut.</source>
        <translation>上下键移动焦点，空格键切换一层，加号和减号移动最近的分界。</translation>
    </message>
    <message>
        <source>Layer %1 · %2</source>
        <translation>第 %1 层 · %2</translation>
    </message>
    <message>
        <source>%1 of %2&apos;s ablation effect (the drop in preference margin when the layer is removed)</source>
        <translation>占 %2 消融效应的 %1（移除该层时偏好差值的下降）</translation>
    </message>
    <message>
        <source>%1 of %2&apos;s DPO gradient (how strongly the first training step pulls on the layer)</source>
        <translation>占 %2 DPO 梯度的 %1（第一步训练对该层的拉动强度）</translation>
    </message>
    <message>
        <source>Under the suggested cuts this layer is in the %1 block.</source>
        <translation>按建议分界，该层位于%1块。</translation>
    </message>
    <message>
        <source>%1: each cell is the layer&apos;s share of this dimension&apos;s importance; all columns share one colour scale.</source>
        <translation>%1：每个单元格是该层在此维度重要性中所占的份额；所有列共用一个色标。</translation>
    </message>
    <message>
        <source>Assigned to the %1 block (layers %2–%3) under the suggested cuts.</source>
        <translation>按建议分界分配到%1块（第 %2–%3 层）。</translation>
    </message>
    <message>
        <source>mid</source>
        <translation>中间</translation>
    </message>
    <message>
        <source>Probe colour: each layer&apos;s share of the dimension&apos;s ablation effect (margin drop when removed)</source>
        <translation>探针颜色：每层在该维度消融效应中所占份额（移除时差值的下降）</translation>
    </message>
    <message>
        <source>Probe colour: each layer&apos;s share of the dimension&apos;s DPO gradient at step 0</source>
        <translation>探针颜色：每层在该维度第 0 步 DPO 梯度中所占份额</translation>
    </message>
    <message>
        <source>suggested cuts %1 | %2</source>
        <translation>建议分界 %1 | %2</translation>
    </message>
    <message>
        <source>current cuts %1 | %2</source>
        <translation>当前分界 %1 | %2</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::LensView</name>
    <message>
        <source>Base</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>margin</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Pick a pair or type a prompt, then Read: each layer&apos;s read-out through the final norm and head shows here, beside its row.</source>
        <translation>选择一个偏好对或输入一个提示，然后点“读取”：每一层经最终归一化和输出头读出的结果会显示在这里，与其所在行对齐。</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::MetricsPlot</name>
    <message>
        <source>Image (PNG)…</source>
        <translation>图像（PNG）…</translation>
    </message>
    <message>
        <source>Vector image (SVG)…</source>
        <translation>矢量图（SVG）…</translation>
    </message>
    <message>
        <source>Document (PDF)…</source>
        <translation>文档（PDF）…</translation>
    </message>
    <message>
        <source>Data (CSV)…</source>
        <translation>数据（CSV）…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export the training curves</source>
        <translation>导出训练曲线</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>DPO loss</source>
        <translation>DPO 损失</translation>
    </message>
    <message>
        <source>Reward margin (chosen − rejected)</source>
        <translation>奖励差值（选中 − 拒绝）</translation>
    </message>
    <message>
        <source>Reward accuracy</source>
        <translation>奖励准确率</translation>
    </message>
    <message>
        <source>Rewards: chosen vs rejected</source>
        <translation>奖励：选中 vs 拒绝</translation>
    </message>
    <message>
        <source>Log-probs: chosen vs rejected</source>
        <translation>对数概率：选中 vs 拒绝</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Throughput (tokens/s)</source>
        <translation>吞吐量（token/秒）</translation>
    </message>
    <message>
        <source>Smoothing %1</source>
        <translation>平滑 %1</translation>
    </message>
    <message>
        <source>Exponential moving average of the training curves; 0 shows the raw values</source>
        <translation>训练曲线的指数移动平均；0 表示显示原始值</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <source>Show all data again and follow new steps (or double-click a panel)</source>
        <translation>重新显示全部数据并跟随新的步数（或双击某个面板）</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save the curves as PNG, SVG or PDF, or the numbers as CSV</source>
        <translation>将曲线保存为 PNG、SVG 或 PDF，或将数值保存为 CSV</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · double-click: fit · hover: values</source>
        <translation>滚轮：缩放 · 拖动：平移 · 双击：适应 · 悬停：数值</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>选中</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>eval</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>%1 (eval)</source>
        <translation>%1（评估）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source> (smoothed %1)</source>
        <translation>（平滑后 %1）</translation>
    </message>
    <message>
        <source> at step %1</source>
        <translation>，第 %1 步</translation>
    </message>
    <message>
        <source>%1 — step %2</source>
        <translation>%1 — 第 %2 步</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <source>Judged score of the answers</source>
        <translation>回答的评分</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SamplesView</name>
    <message>
        <source>No answers yet. Set &quot;Answer prompts every&quot; in the training settings, or open a run that answered prompts.</source>
        <translation>还没有回答。请在训练设置中设置“回答提示间隔”，或打开一个回答过提示的运行。</translation>
    </message>
    <message>
        <source>Click a chip to read its answer beside the one before it.</source>
        <translation>点击一个色块，查看其回答及之前的回答。</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Step %1: %2</source>
        <translation>第 %1 步：%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Step %1:&lt;/b&gt;</source>
        <translation>&lt;b&gt;第 %1 步：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Judge (%1): %2 — %3</source>
        <translation>评分（%1）：%2 — %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;Step %1 before:&lt;/b&gt;</source>
        <translation>&lt;b&gt;之前，第 %1 步：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Answers of</source>
        <translation>回答来自</translation>
    </message>
    <message>
        <source>One row per held-out prompt, one chip per sampled step: green correct, red wrong, amber unreadable, grey not judged; an outline marks an answer that changed. Click a chip to read it.</source>
        <translation>每个留出提示一行，每个采样步一个色块：绿色正确，红色错误，琥珀色无法读取，灰色未评分；边框表示回答有变化。点击色块查看回答。</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SweepChart</name>
    <message>
        <source>Mean score with 95% interval</source>
        <translation>平均分（含 95% 区间）</translation>
    </message>
    <message>
        <source>Mean score (%1) with 95% interval</source>
        <translation>平均分（%1，含 95% 区间）</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>无</translation>
    </message>
    <message>
        <source>tax</source>
        <translation>对齐税</translation>
    </message>
    <message>
        <source>Mean score with %1 interval</source>
        <translation>平均分（含 %1 区间）</translation>
    </message>
    <message>
        <source>Mean score (%1) with %2 interval</source>
        <translation>平均分（%1，含 %2 区间）</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SweepExport</name>
    <message>
        <source>Strategy sweep: %1</source>
        <translation>策略扫描：%1</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>mean [95% interval]</source>
        <translation>均值 [95% 区间]</translation>
    </message>
    <message>
        <source>win rate vs Base</source>
        <translation>对基础模型胜率</translation>
    </message>
    <message>
        <source>tax</source>
        <translation>对齐税</translation>
    </message>
    <message>
        <source>Mean score per strategy and dimension with its 95% bootstrap interval; win rate: the share of prompts on which the strategy beat Base (ties count one half).</source>
        <translation>每个策略在各维度上的平均分及其 95% 自助法区间；胜率：该策略胜过基础模型的提示词比例（平局计一半）。</translation>
    </message>
    <message>
        <source>Tax (red): alignment tax, the upper end of the strategy&apos;s interval lies below Base&apos;s mean on that dimension.</source>
        <translation>对齐税（红色）：该策略区间的上端低于基础模型在该维度上的均值。</translation>
    </message>
    <message>
        <source>Mean score per dimension and strategy</source>
        <translation>各维度、各策略的平均分</translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Could not draw the chart of the sweep report.</source>
        <translation>无法绘制扫描报告的图表。</translation>
    </message>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Could not copy %1 to %2.</source>
        <translation>无法将 %1 复制到 %2。</translation>
    </message>
    <message>
        <source>Could not read %1: %2.</source>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <source>Could not write %1 from %2: %3</source>
        <translation>无法从 %2 写入 %1：%3</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>mean [%1 interval]</source>
        <translation>均值 [%1 区间]</translation>
    </message>
    <message>
        <source>Δ vs Base [%1 interval]</source>
        <translation>对基础模型 Δ [%1 区间]</translation>
    </message>
    <message>
        <source>Mean score per strategy and dimension with its %1 interval; Δ vs Base: the mean paired difference to Base on the same prompts and seeds with its %1 interval; win rate: the share of prompts on which the strategy beat Base (ties count one half), with the wins (W), ties (T) and losses (L).</source>
        <translation>每个策略在各维度上的平均分及其 %1 区间；对基础模型 Δ：在相同提示词和种子上与基础模型的平均配对差值及其 %1 区间；胜率：该策略胜过基础模型的提示词比例（平局计一半），并附胜、平、负的次数。</translation>
    </message>
    <message>
        <source>Tax (red): alignment tax, the whole interval of the paired difference to Base lies below zero on that dimension.</source>
        <translation>对齐税（红色）：在该维度上，与基础模型的配对差值的整个区间都低于零。</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注：%1</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SweepReport</name>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Could not read %1: %2.</source>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <source>%1 is missing, although the report does not list its task as missing.</source>
        <translation>%1 缺失，但报告并未将其任务列为缺失。</translation>
    </message>
    <message>
        <source>The sweep folder %1 does not exist.</source>
        <translation>扫描文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 is missing: collect the sweep first (hialign-cli sweep --collect).</source>
        <translation>%1 缺失：请先汇总扫描结果（hialign-cli sweep --collect）。</translation>
    </message>
    <message>
        <source>%1: &quot;score_max&quot; must be greater than &quot;score_min&quot;.</source>
        <translation>%1：“score_max”必须大于“score_min”。</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Full-DPO</source>
        <translation>Full-DPO</translation>
    </message>
    <message>
        <source>Local-Align</source>
        <translation>Local-Align</translation>
    </message>
    <message>
        <source>Mid-Align</source>
        <translation>Mid-Align</translation>
    </message>
    <message>
        <source>Global-Align</source>
        <translation>Global-Align</translation>
    </message>
    <message>
        <source>Grammar</source>
        <translation>语法</translation>
    </message>
    <message>
        <source>Logic</source>
        <translation>逻辑</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>事实</translation>
    </message>
    <message>
        <source>%1 [%2, %3]</source>
        <translation>%1 [%2, %3]</translation>
    </message>
    <message>
        <source>seed sd %1</source>
        <translation>种子标准差 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n unparsed</source>
        <translation>
            <numerusform>%n 条无法解析</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>No parsed score: the mean cannot be computed.</source>
        <translation>没有可解析的分数：无法计算均值。</translation>
    </message>
    <message>
        <source>Mean %1; no interval could be computed.</source>
        <translation>均值 %1；无法计算区间。</translation>
    </message>
    <message>
        <source>Mean %1, 95% bootstrap interval %2 to %3.</source>
        <translation>均值 %1，95% 自助法区间 %2 至 %3。</translation>
    </message>
    <message>
        <source>seed %1: %2</source>
        <translation>种子 %1：%2</translation>
    </message>
    <message>
        <source>Per seed: %1 (standard deviation %2).</source>
        <translation>各种子：%1（标准差 %2）。</translation>
    </message>
    <message>
        <source>Mean response length %1 tokens; length–score correlation %2.</source>
        <translation>平均回复长度 %1 个词元；长度与分数的相关系数 %2。</translation>
    </message>
    <message>
        <source>Base is the reference the other strategies are compared with.</source>
        <translation>基础模型是其他策略的比较基准。</translation>
    </message>
    <message>
        <source>No prompt was judged for both this strategy and Base.</source>
        <translation>没有提示词同时针对该策略和基础模型做过评判。</translation>
    </message>
    <message>
        <source>Share of prompts where the judge preferred %1 over Base, asked in both orders; disagreeing orders count as a tie (one half).</source>
        <translation>评判器认为 %1 优于基础模型的提示词比例，两种顺序各问一次；两种顺序结论不一致时计为平局（记一半）。</translation>
    </message>
    <message>
        <source>Share of prompts where %1 scored higher than Base; a tie counts one half.</source>
        <translation>%1 得分高于基础模型的提示词比例；平局计一半。</translation>
    </message>
    <message>
        <source>Alignment tax: even the upper end of %1&apos;s 95% interval on %2 lies below Base&apos;s mean, so training made this dimension significantly worse.</source>
        <translation>对齐税：%1 在“%2”上的 95% 区间上端仍低于基础模型的均值，说明训练使该维度显著变差。</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Judge: %1</source>
        <translation>评判器：%1</translation>
    </message>
    <message>
        <source>scores %1</source>
        <translation>分数 %1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>seeds %1</source>
        <translation>种子 %1</translation>
    </message>
    <message numerus="yes">
        <source>up to %n judgment(s) per cell</source>
        <translation>
            <numerusform>每格最多 %n 条评判</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) had not finished when the report was collected and are left out: %1.</source>
        <translation>
            <numerusform>汇总报告时有 %n 个任务尚未完成，未计入：%1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Judgments: %n</source>
        <translation>
            <numerusform>评判：%n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Judge replies without a valid rating: %n (left out of the mean).</source>
        <translation>
            <numerusform>没有有效评分的评判回复：%n 条（未计入均值）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Mean %1, %2 interval %3 to %4 (%5).</source>
        <translation>均值 %1，%2 区间 %3 至 %4（%5）。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 W · %2 T · %3 L</source>
        <translation>%1 胜 · %2 平 · %3 负</translation>
    </message>
    <message>
        <source>Wins %1, ties %2, losses %3.</source>
        <translation>胜 %1，平 %2，负 %3。</translation>
    </message>
    <message numerus="yes">
        <source>Pairwise verdicts without a valid answer: %n (left out of the rate).</source>
        <translation>
            <numerusform>没有有效回答的成对判定：%n 条（未计入胜率）。</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt; %1</source>
        <translation>&lt; %1</translation>
    </message>
    <message>
        <source>%1 pts</source>
        <translation>%1 个百分点</translation>
    </message>
    <message>
        <source>This report (version 1) has no paired differences to Base; collect the sweep again (hialign-cli sweep --collect) for them.</source>
        <translation>此报告（版本 1）不含与基础模型的配对差值；如需这些数据，请重新汇总扫描结果（hialign-cli sweep --collect）。</translation>
    </message>
    <message>
        <source>%1 against Base on %2, paired on the same prompts and seeds.</source>
        <translation>%1 与基础模型在“%2”上的对比，按相同的提示词和种子配对。</translation>
    </message>
    <message>
        <source>%1 percentage points</source>
        <translation>%1 个百分点</translation>
    </message>
    <message>
        <source>No paired difference could be computed.</source>
        <translation>无法计算配对差值。</translation>
    </message>
    <message>
        <source>Mean difference %1; no interval could be computed.</source>
        <translation>平均差值 %1；无法计算区间。</translation>
    </message>
    <message>
        <source>Mean difference %1, %2 interval %3 to %4.</source>
        <translation>平均差值 %1，%2 区间 %3 至 %4。</translation>
    </message>
    <message>
        <source>Paired items (seed × prompt): %1.</source>
        <translation>配对项数（种子 × 提示词）：%1。</translation>
    </message>
    <message>
        <source>%1: no p-value (not computable for these pairs).</source>
        <translation>%1：无 p 值（这些配对无法计算）。</translation>
    </message>
    <message>
        <source>%1: p = %2.</source>
        <translation>%1：p = %2。</translation>
    </message>
    <message>
        <source>Adjusted (%1): p = %2.</source>
        <translation>校正后（%1）：p = %2。</translation>
    </message>
    <message>
        <source>Significant at α = %1 after the correction (marked %2).</source>
        <translation>校正后在 α = %1 下显著（标记为 %2）。</translation>
    </message>
    <message>
        <source>Not significant at α = %1 after the correction.</source>
        <translation>校正后在 α = %1 下不显著。</translation>
    </message>
    <message>
        <source>bootstrap over seeds, then prompts</source>
        <translation>先按种子、再按提示词的自助法</translation>
    </message>
    <message>
        <source>bootstrap over prompts</source>
        <translation>按提示词的自助法</translation>
    </message>
    <message>
        <source>bootstrap</source>
        <translation>自助法</translation>
    </message>
    <message>
        <source>McNemar&apos;s exact test</source>
        <translation>McNemar 精确检验</translation>
    </message>
    <message>
        <source>sign test</source>
        <translation>符号检验</translation>
    </message>
    <message>
        <source>paired test</source>
        <translation>配对检验</translation>
    </message>
    <message>
        <source>Holm correction</source>
        <translation>Holm 校正</translation>
    </message>
    <message>
        <source>no correction</source>
        <translation>无校正</translation>
    </message>
    <message>
        <source>%1 correction</source>
        <translation>%1 校正</translation>
    </message>
    <message>
        <source>%1 over one comparison, α = %2</source>
        <translation>%1，共 1 次比较，α = %2</translation>
    </message>
    <message>
        <source>%1 over %2 comparisons, α = %3</source>
        <translation>%1，共 %2 次比较，α = %3</translation>
    </message>
    <message>
        <source>%1, α = %2</source>
        <translation>%1，α = %2</translation>
    </message>
    <message>
        <source>Alignment tax: the whole %1 interval of %2&apos;s paired difference to Base on %3 lies below zero, so training made this dimension worse.</source>
        <translation>对齐税：%2 在“%3”上与基础模型的配对差值，其整个 %1 区间都低于零，说明训练使该维度变差。</translation>
    </message>
    <message>
        <source>This report (version 1) has no paired differences or significance tests; collect the sweep again (hialign-cli sweep --collect) for them.</source>
        <translation>此报告（版本 1）不含配对差值和显著性检验；如需这些数据，请重新汇总扫描结果（hialign-cli sweep --collect）。</translation>
    </message>
    <message>
        <source>Intervals: %1 %2</source>
        <translation>区间：%1，%2</translation>
    </message>
    <message>
        <source>%1 (%2 resamples)</source>
        <translation>%1（%2 次重采样）</translation>
    </message>
    <message>
        <source>Δ vs Base: mean paired difference on the same prompts and seeds, %1; %2 significant after %3.</source>
        <translation>对基础模型 Δ：在相同提示词和种子上的平均配对差值，%1；%2 表示校正后显著（%3）。</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SweepView</name>
    <message>
        <source>Run sweep…</source>
        <translation>运行扫描…</translation>
    </message>
    <message>
        <source>Train, generate and judge every strategy in a new sweep folder</source>
        <translation>在新的扫描文件夹中对每个策略进行训练、生成和评判</translation>
    </message>
    <message>
        <source>Open sweep…</source>
        <translation>打开扫描…</translation>
    </message>
    <message>
        <source>Open a sweep folder written by hialign-cli sweep</source>
        <translation>打开由 hialign-cli sweep 写出的扫描文件夹</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Read the sweep folder again (after hialign-cli sweep --collect)</source>
        <translation>重新读取扫描文件夹（在 hialign-cli sweep --collect 之后）</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <source>Mean score with its 95% bootstrap interval, and the share of prompts won against Base. Red cells: alignment tax (significantly worse than Base). Select a score to see the generations behind it.</source>
        <translation>平均分及其 95% 自助法区间，以及胜过基础模型的提示词比例。红色单元格：对齐税（显著差于基础模型）。选择一个分数即可查看其背后的生成结果。</translation>
    </message>
    <message>
        <source>Mean score per dimension</source>
        <translation>各维度平均分</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Base score</source>
        <translation>基础模型分数</translation>
    </message>
    <message>
        <source>vs Base</source>
        <translation>对比基础模型</translation>
    </message>
    <message>
        <source>Strategy sweep</source>
        <translation>策略扫描</translation>
    </message>
    <message>
        <source>No sweep open</source>
        <translation>未打开扫描</translation>
    </message>
    <message>
        <source>win</source>
        <translation>胜</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>负</translation>
    </message>
    <message>
        <source>tie</source>
        <translation>平</translation>
    </message>
    <message>
        <source>unparsed</source>
        <translation>无法解析</translation>
    </message>
    <message>
        <source>Choose a sweep folder</source>
        <translation>选择扫描文件夹</translation>
    </message>
    <message>
        <source>Strategy sweep: %1</source>
        <translation>策略扫描：%1</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>%1
mean [95% interval]</source>
        <translation>%1
均值 [95% 区间]</translation>
    </message>
    <message>
        <source>Mean score in percent, with its 95% bootstrap interval</source>
        <translation>以百分比表示的平均分，含 95% 自助法区间</translation>
    </message>
    <message>
        <source>Mean score on the %1 scale, with its 95% bootstrap interval</source>
        <translation>%1 分制下的平均分，含 95% 自助法区间</translation>
    </message>
    <message>
        <source>%1
win rate vs Base</source>
        <translation>%1
对基础模型胜率</translation>
    </message>
    <message>
        <source>Share of prompts on which the strategy beat Base (ties count one half)</source>
        <translation>该策略胜过基础模型的提示词比例（平局计一半）</translation>
    </message>
    <message>
        <source>%1: the model without adapters, the reference</source>
        <translation>%1：不带适配器的模型，作为比较基准</translation>
    </message>
    <message>
        <source>The report has no row for %1 on %2.</source>
        <translation>报告中没有 %1 在“%2”上的行。</translation>
    </message>
    <message>
        <source>%1 on %2: no generations in the sweep folder</source>
        <translation>%1 · %2：扫描文件夹中没有生成结果</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %2: %n generation(s)</source>
        <translation>
            <numerusform>%1 · %2：%n 条生成结果</numerusform>
        </translation>
    </message>
    <message>
        <source>Score:</source>
        <translation>分数：</translation>
    </message>
    <message>
        <source>%1 · seed %2</source>
        <translation>%1 · 种子 %2</translation>
    </message>
    <message>
        <source>Base has no generation for this prompt in the sweep folder.</source>
        <translation>扫描文件夹中没有基础模型对此提示词的生成结果。</translation>
    </message>
    <message>
        <source>no verdict</source>
        <translation>无判定</translation>
    </message>
    <message>
        <source>Pairwise against Base:</source>
        <translation>与基础模型成对比较：</translation>
    </message>
    <message>
        <source>first order: %1, swapped: %2</source>
        <translation>原顺序：%1，交换后：%2</translation>
    </message>
    <message>
        <source>Open a sweep folder before exporting its report.</source>
        <translation>导出报告前请先打开扫描文件夹。</translation>
    </message>
    <message>
        <source>Choose a folder for the report</source>
        <translation>选择报告的保存文件夹</translation>
    </message>
    <message>
        <source>Run a sweep (Run sweep…) or open a sweep folder to see its table and charts.
hialign-cli sweep runs the same sweeps from a terminal or a cluster (see docs/SWEEP.md).</source>
        <translation>运行一次扫描（运行扫描…）或打开扫描文件夹，即可查看其表格和图表。
hialign-cli sweep 可在终端或集群上运行同样的扫描（见 docs/SWEEP.md）。</translation>
    </message>
    <message>
        <source>%1 of %2 tasks</source>
        <translation>%1 / %2 个任务</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Stop sweep</source>
        <translation>停止扫描</translation>
    </message>
    <message>
        <source>Stop after the current step; running the same sweep again resumes it</source>
        <translation>在当前步骤后停止；再次运行同一扫描即可继续</translation>
    </message>
    <message>
        <source>Write summary.html and summary.pdf (this view&apos;s table and chart) with the sweep&apos;s report.html, report.csv and report.json into a folder</source>
        <translation>将 summary.html 和 summary.pdf（此视图的表格和图表）连同扫描的 report.html、report.csv 和 report.json 一起写入文件夹</translation>
    </message>
    <message>
        <source>Mean score with its %1 interval; Δ vs Base: the mean paired difference to Base with its %1 interval; win rate against Base with its wins (W), ties (T) and losses (L). Red cells: alignment tax (the paired difference&apos;s interval lies wholly below zero). Select a score to see the generations behind it.</source>
        <translation>平均分及其 %1 区间；对基础模型 Δ：与基础模型的平均配对差值及其 %1 区间；对基础模型的胜率，并附胜、平、负的次数。红色单元格：对齐税（配对差值的区间完全低于零）。选择一个分数即可查看其背后的生成结果。</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Warning:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;警告：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>%1
mean [%2 interval]</source>
        <translation>%1
均值 [%2 区间]</translation>
    </message>
    <message>
        <source>Mean score in percent, with its %1 interval (%2)</source>
        <translation>以百分比表示的平均分，含 %1 区间（%2）</translation>
    </message>
    <message>
        <source>Mean score on the %1 scale, with its %2 interval (%3)</source>
        <translation>%1 分制下的平均分，含 %2 区间（%3）</translation>
    </message>
    <message>
        <source>%1
Δ vs Base [%2 interval]</source>
        <translation>%1
对基础模型 Δ [%2 区间]</translation>
    </message>
    <message>
        <source>This report (version 1) has no paired differences to Base; collect the sweep again (hialign-cli sweep --collect) for them.</source>
        <translation>此报告（版本 1）不含与基础模型的配对差值；如需这些数据，请重新汇总扫描结果（hialign-cli sweep --collect）。</translation>
    </message>
    <message>
        <source>Mean paired difference to Base on the same prompts and seeds in percentage points, with its %1 interval; %2: significant by %3 after %4</source>
        <translation>在相同提示词和种子上与基础模型的平均配对差值（百分点），含 %1 区间；%2：%3 显著（%4）</translation>
    </message>
    <message>
        <source>Mean paired difference to Base on the same prompts and seeds, with its %1 interval; %2: significant by %3 after %4</source>
        <translation>在相同提示词和种子上与基础模型的平均配对差值，含 %1 区间；%2：%3 显著（%4）</translation>
    </message>
    <message>
        <source>Share of prompts on which the strategy beat Base (ties count one half), with the wins (W), ties (T) and losses (L) behind it</source>
        <translation>该策略胜过基础模型的提示词比例（平局计一半），并附其背后的胜、平、负次数</translation>
    </message>
    <message>
        <source>Wrote summary.html, summary.pdf, report.html, report.csv and report.json to %1.</source>
        <translation>已将 summary.html、summary.pdf、report.html、report.csv 和 report.json 写入 %1。</translation>
    </message>
</context>
</TS>
