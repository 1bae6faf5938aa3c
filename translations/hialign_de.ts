<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>hialign::app::AppOptions</name>
    <message>
        <source>HiAlign Workbench: DPO with LoRA on chosen functional blocks of a model&apos;s layers</source>
        <translation>HiAlign Workbench: DPO mit LoRA auf ausgewählten Funktionsblöcken der Schichten eines Modells</translation>
    </message>
    <message>
        <source>Hugging Face model folder to open</source>
        <translation>Zu öffnender Hugging-Face-Modellordner</translation>
    </message>
    <message>
        <source>Preference data file (JSONL)</source>
        <translation>Präferenzdatei (JSONL)</translation>
    </message>
    <message>
        <source>Folder for run folders</source>
        <translation>Ordner für die Lauf-Ordner</translation>
    </message>
    <message>
        <source>User interface language: en, de, zh_CN</source>
        <translation>Sprache der Benutzeroberfläche: en, de, zh_CN</translation>
    </message>
    <message>
        <source>Render the window to FILE.png and quit</source>
        <translation>Fenster als FILE.png rendern und beenden</translation>
    </message>
    <message>
        <source>Train N steps before the screenshot</source>
        <translation>Vor dem Screenshot N Schritte trainieren</translation>
    </message>
    <message>
        <source>Screenshot size WIDTHxHEIGHT</source>
        <translation>Größe des Screenshots BREITExHÖHE</translation>
    </message>
    <message>
        <source>--demo-steps needs a number of steps.</source>
        <translation>--demo-steps erwartet eine Anzahl von Schritten.</translation>
    </message>
    <message>
        <source>--view must be one of: %1.</source>
        <translation>--view muss einer der folgenden Werte sein: %1.</translation>
    </message>
    <message>
        <source>Open a strategy sweep folder on the Sweep page</source>
        <translation>Einen Strategie-Sweep-Ordner auf der Seite „Sweep“ öffnen</translation>
    </message>
    <message>
        <source>Write the sweep&apos;s report (HTML, PDF, CSV, JSON) into the --out folder and quit, without a window</source>
        <translation>Den Bericht des Sweeps (HTML, PDF, CSV, JSON) in den --out-Ordner schreiben und ohne Fenster beenden</translation>
    </message>
    <message>
        <source>Folder for --export-report</source>
        <translation>Ordner für --export-report</translation>
    </message>
    <message>
        <source>View for the screenshot: layers, training, compare, runs, sweep</source>
        <translation>Ansicht für den Screenshot: layers, training, compare, runs, sweep</translation>
    </message>
    <message>
        <source>--export-report needs a sweep folder.</source>
        <translation>--export-report erwartet einen Sweep-Ordner.</translation>
    </message>
    <message>
        <source>--export-report needs --out DIR for the report files.</source>
        <translation>--export-report erwartet --out DIR für die Berichtsdateien.</translation>
    </message>
    <message>
        <source>--out is only used with --export-report.</source>
        <translation>--out wird nur zusammen mit --export-report verwendet.</translation>
    </message>
    <message>
        <source>Run the layer probe (the probe dialog&apos;s first values) before the screenshot</source>
        <translation>Vor dem Screenshot die Schichtsonde ausführen (mit den ersten Werten des Sondendialogs)</translation>
    </message>
    <message>
        <source>Run the lesson&apos;s six steps on the demo lab offscreen and write its handout to FILE.pdf</source>
        <translation>Die sechs Schritte der Lektion im Demo-Labor ohne Fenster ausführen und ihr Handout nach FILE.pdf schreiben</translation>
    </message>
    <message>
        <source>Show the Lesson panel in the screenshot after doing its first N steps</source>
        <translation>Im Screenshot die Lektion zeigen, nachdem ihre ersten N Schritte ausgeführt wurden</translation>
    </message>
    <message>
        <source>--export-handout needs a file name (FILE.pdf).</source>
        <translation>--export-handout braucht einen Dateinamen (FILE.pdf).</translation>
    </message>
    <message>
        <source>--lesson is only used with --screenshot.</source>
        <translation>--lesson gilt nur zusammen mit --screenshot.</translation>
    </message>
    <message>
        <source>--lesson needs a number of steps from 0 to 6.</source>
        <translation>--lesson braucht eine Schrittzahl von 0 bis 6.</translation>
    </message>
    <message>
        <source>Read the logit lens on the first preference pair, beside the newest run, before the screenshot</source>
        <translation>Vor dem Screenshot die Logit-Lens auf dem ersten Präferenzpaar lesen, neben dem neuesten Lauf</translation>
    </message>
</context>
<context>
    <name>hialign::app::ComparePage</name>
    <message>
        <source>Choose a model folder first.</source>
        <translation>Wählen Sie zuerst einen Modellordner.</translation>
    </message>
    <message>
        <source>Pick a prompt and at least one model.</source>
        <translation>Wählen Sie einen Prompt und mindestens ein Modell.</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Base (no adapter)</source>
        <translation>Basis (ohne Adapter)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>The demo lab&apos;s judge is unavailable: %1</source>
        <translation>Der Bewerter des Demo-Labors ist nicht verfügbar: %1</translation>
    </message>
</context>
<context>
    <name>hialign::app::LensPage</name>
    <message>
        <source>pair %1: %2</source>
        <translation>Paar %1: %2</translation>
    </message>
    <message>
        <source>Base only</source>
        <translation>Nur Basis</translation>
    </message>
    <message>
        <source>%1 · step %2</source>
        <translation>%1 · Schritt %2</translation>
    </message>
    <message>
        <source>Open a model first; the lens reads its layers.</source>
        <translation>Öffnen Sie zuerst ein Modell; die Linse liest seine Schichten.</translation>
    </message>
    <message>
        <source>Pick a pair or type a prompt to read.</source>
        <translation>Wählen Sie ein Paar oder tippen Sie einen Prompt zum Lesen ein.</translation>
    </message>
    <message>
        <source>Reading every layer…</source>
        <translation>Jede Schicht wird gelesen…</translation>
    </message>
    <message>
        <source>Top next token per layer, and the pair&apos;s margin log p(chosen) − log p(rejected) read at that layer (Base → run).</source>
        <translation>Wahrscheinlichstes nächstes Token je Schicht und die Marge des Paars log p(gewählt) − log p(abgelehnt), an dieser Schicht gelesen (Basis → Lauf).</translation>
    </message>
    <message>
        <source>Top next token per layer, read through the final norm and head.</source>
        <translation>Wahrscheinlichstes nächstes Token je Schicht, gelesen durch die letzte Normierung und den Kopf.</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Beside Base</source>
        <translation>Neben der Basis</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>A pair of the open preference file, or a prompt typed here</source>
        <translation>Ein Paar der geöffneten Präferenzdatei oder ein hier getippter Prompt</translation>
    </message>
    <message>
        <source>A run&apos;s adapter (or a checkpoint&apos;s) read beside the base model</source>
        <translation>Der Adapter eines Laufs (oder eines Checkpoints), neben dem Basismodell gelesen</translation>
    </message>
    <message>
        <source>The lens stopped with an unknown error.</source>
        <translation>Die Linse brach mit einem unbekannten Fehler ab.</translation>
    </message>
</context>
<context>
    <name>hialign::app::Lesson</name>
    <message>
        <source>Step %1 of the lesson is still running; wait for it or stop it first.</source>
        <translation>Schritt %1 der Lektion läuft noch; warten Sie auf ihn oder halten Sie ihn zuerst an.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <source>The demo lab is not installed, so the lesson cannot open it (set HIALIGN_DEMO_DIR to its folder).</source>
        <translation>Das Demo-Labor ist nicht installiert, daher kann die Lektion es nicht öffnen (setzen Sie HIALIGN_DEMO_DIR auf seinen Ordner).</translation>
    </message>
    <message>
        <source>The lesson opened the demo lab&apos;s model.</source>
        <translation>Die Lektion hat das Modell des Demo-Labors geöffnet.</translation>
    </message>
    <message>
        <source>The lesson opened the demo lab&apos;s model (yours was %1).</source>
        <translation>Die Lektion hat das Modell des Demo-Labors geöffnet (Ihres war %1).</translation>
    </message>
    <message>
        <source>The lesson opened the demo lab&apos;s mixed preference set.</source>
        <translation>Die Lektion hat den gemischten Präferenzsatz des Demo-Labors geöffnet.</translation>
    </message>
    <message>
        <source>The lesson opened the demo lab&apos;s mixed preference set (yours was %1).</source>
        <translation>Die Lektion hat den gemischten Präferenzsatz des Demo-Labors geöffnet (Ihrer war %1).</translation>
    </message>
    <message>
        <source>The layer plan cannot change while a run trains.</source>
        <translation>Der Schichtplan kann sich nicht ändern, während ein Lauf trainiert.</translation>
    </message>
    <message>
        <source>The lesson set the layer plan to cuts %1 and %2 and the %3 block (layers %4–%5).</source>
        <translation>Die Lektion hat den Schichtplan auf die Grenzen %1 und %2 und den Block %3 (Schichten %4–%5) gesetzt.</translation>
    </message>
    <message>
        <source>The lesson set the training settings to the lab&apos;s sweep recipe: %1 steps of %2 pairs, learning rate %3, rank %4.</source>
        <translation>Die Lektion hat die Trainingseinstellungen auf das Sweep-Rezept des Labors gesetzt: %1 Schritte mit je %2 Paaren, Lernrate %3, Rang %4.</translation>
    </message>
    <message>
        <source>Compare needs a trained run beside Base: do step 4 first.</source>
        <translation>Der Vergleich braucht einen trainierten Lauf neben der Basis: führen Sie zuerst Schritt 4 aus.</translation>
    </message>
    <message>
        <source>The step ended without its result (it was stopped?).</source>
        <translation>Der Schritt endete ohne sein Ergebnis (wurde er angehalten?).</translation>
    </message>
    <message>
        <source>Done in %1 s.</source>
        <translation>Erledigt in %1 s.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Erledigt.</translation>
    </message>
    <message>
        <source>Step %1 of the lesson is still running; your settings come back when it has ended.</source>
        <translation>Schritt %1 der Lektion läuft noch; Ihre Einstellungen kommen zurück, wenn er beendet ist.</translation>
    </message>
    <message>
        <source>Your model, preference file, training settings and layer plan are back.</source>
        <translation>Ihr Modell, Ihre Präferenzdatei, Ihre Trainingseinstellungen und Ihr Schichtplan sind wiederhergestellt.</translation>
    </message>
    <message>
        <source>Where in the stack does alignment act? A 45-minute lesson</source>
        <translation>Wo im Schichtstapel wirkt Alignment? Eine Lektion in 45 Minuten</translation>
    </message>
    <message>
        <source>Six steps on the demo lab: a 12-layer model of a small world in which grammar, logic and facts can each be checked exactly. Do each step by hand, or press Do it and watch; a step is ticked when the window shows its result, however it got there. Every step takes under three minutes on a laptop.</source>
        <translation>Sechs Schritte im Demo-Labor: ein Modell mit 12 Schichten über eine kleine Welt, in der Grammatik, Logik und Fakten jeweils exakt geprüft werden können. Führen Sie jeden Schritt von Hand aus oder drücken Sie „Ausführen“ und sehen Sie zu; ein Schritt wird abgehakt, sobald das Fenster sein Ergebnis zeigt, gleich wie es dazu kam. Jeder Schritt dauert auf einem Laptop weniger als drei Minuten.</translation>
    </message>
    <message>
        <source>Open the demo lab and read its layer stack</source>
        <translation>Das Demo-Labor öffnen und seinen Schichtstapel lesen</translation>
    </message>
    <message>
        <source>&lt;p&gt;The Layer stack tab draws every decoder layer as a row, layer 0 at the bottom, with its attention and MLP parts. The coloured bands are the three functional blocks the paper names: local (syntax) at the bottom, intermediate (logic) in the middle, global (facts) at the top.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look for:&lt;/b&gt; the parameter count of each layer and block, and what share of the model an adapter on one block would train.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der Reiter Schichtstapel zeigt jede Decoder-Schicht als Zeile, Schicht 0 unten, mit ihren Attention- und MLP-Teilen. Die farbigen Bänder sind die drei funktionalen Blöcke, die das Paper benennt: lokal (Syntax) unten, mittel (Logik) in der Mitte, global (Fakten) oben.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Achten Sie auf:&lt;/b&gt; die Parameterzahl jeder Schicht und jedes Blocks und welchen Anteil des Modells ein Adapter auf einem Block trainieren würde.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Opens the demo lab&apos;s model and its mixed preference set, and shows the Layer stack.</source>
        <translation>Öffnet das Modell des Demo-Labors und seinen gemischten Präferenzsatz und zeigt den Schichtstapel.</translation>
    </message>
    <message>
        <source>Probe where grammar, logic and facts live</source>
        <translation>Sondieren, wo Grammatik, Logik und Fakten sitzen</translation>
    </message>
    <message>
        <source>&lt;p&gt;The probe removes each layer&apos;s attention and MLP in turn and measures how much of each dimension&apos;s preference margin is lost; it also measures the DPO gradient per layer. The heat columns beside the stack show the result, and the dashed lines are the cuts it suggests.&lt;/p&gt;&lt;p&gt;&lt;b&gt;On the lab:&lt;/b&gt; layers 0 and 1 matter for every dimension. Above them grammar depends on no layer, facts peak at layer 6, and logic is spread over the whole stack, so the suggested cuts are 2 and 6 instead of the thirds 4 and 8.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Die Sonde entfernt nacheinander Attention und MLP jeder Schicht und misst, wie viel der Präferenzmarge jeder Dimension verloren geht; außerdem misst sie den DPO-Gradienten je Schicht. Die Wärmespalten neben dem Stapel zeigen das Ergebnis, die gestrichelten Linien sind die vorgeschlagenen Grenzen.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Im Labor:&lt;/b&gt; Die Schichten 0 und 1 sind für jede Dimension wichtig. Darüber hängt Grammatik von keiner Schicht ab, Fakten haben ein Maximum bei Schicht 6, und Logik verteilt sich über den ganzen Stapel; daher liegen die vorgeschlagenen Grenzen bei 2 und 6 statt bei den Dritteln 4 und 8.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Runs Layers ▸ Probe layers… on the lab&apos;s three preference sets (about 30 seconds).</source>
        <translation>Führt Schichten ▸ Schichten sondieren… auf den drei Präferenzsätzen des Labors aus (etwa 30 Sekunden).</translation>
    </message>
    <message>
        <source>Brush the cuts</source>
        <translation>Die Grenzen ziehen</translation>
    </message>
    <message>
        <source>&lt;p&gt;The paper cuts the stack into thirds; a probe may argue for other cuts. Drag the two cut lines on the layer stack, or take the probe&apos;s suggestion (Layers ▸ Apply suggested cuts), then pick the block to train: Local, Mid or Global.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look for:&lt;/b&gt; the panel&apos;s count of trained parameters. An adapter on one block trains a fraction of what Full-DPO trains.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Das Paper teilt den Stapel in Drittel; eine Sonde kann für andere Grenzen sprechen. Ziehen Sie die beiden Grenzlinien im Schichtstapel oder übernehmen Sie den Vorschlag der Sonde (Schichten ▸ Vorgeschlagene Grenzen übernehmen) und wählen Sie dann den zu trainierenden Block: Local, Mid oder Global.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Achten Sie auf:&lt;/b&gt; die Zahl der trainierten Parameter im Bedienfeld. Ein Adapter auf einem Block trainiert einen Bruchteil dessen, was Full-DPO trainiert.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Applies the probe&apos;s cuts and picks the block the probe gives to facts (without a probe: the thirds and the global block).</source>
        <translation>Übernimmt die Grenzen der Sonde und wählt den Block, den die Sonde den Fakten zuordnet (ohne Sonde: die Drittel und den globalen Block).</translation>
    </message>
    <message>
        <source>Train one block</source>
        <translation>Einen Block trainieren</translation>
    </message>
    <message>
        <source>&lt;p&gt;Start trains DPO with a LoRA adapter on the chosen block only. The Training curves tab shows the loss, the reward margin (how much more the model prefers the chosen answer than the rejected one, against the base) and the preference accuracy as they come in; the heat on the layer stack shows where the weights moved.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look for:&lt;/b&gt; the margin rising above zero and the heat staying inside the block.&lt;/p&gt;</source>
        <translation>&lt;p&gt;„Starten“ trainiert DPO mit einem LoRA-Adapter nur auf dem gewählten Block. Der Reiter Trainingskurven zeigt den Verlust, die Belohnungsmarge (wie viel mehr das Modell die gewählte Antwort gegenüber der abgelehnten bevorzugt, relativ zum Basismodell) und die Präferenzgenauigkeit, während sie eintreffen; die Wärme im Schichtstapel zeigt, wo sich die Gewichte bewegt haben.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Achten Sie auf:&lt;/b&gt; die Marge, die über null steigt, und die Wärme, die innerhalb des Blocks bleibt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Compare Base with the run</source>
        <translation>Basis mit dem Lauf vergleichen</translation>
    </message>
    <message>
        <source>&lt;p&gt;The Compare tab answers a held-out prompt with the base model and with the run&apos;s adapter, with the same decoding and seed, and scores each answer with the lab&apos;s exact checkers. Try prompts of each dimension.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Look for:&lt;/b&gt; answers the adapter fixes, and answers it breaks. One prompt proves nothing either way: that is what step 6 is for.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der Reiter Vergleich beantwortet einen zurückgehaltenen Prompt mit dem Basismodell und mit dem Adapter des Laufs, mit derselben Dekodierung und demselben Seed, und bewertet jede Antwort mit den exakten Prüfern des Labors. Probieren Sie Prompts jeder Dimension.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Achten Sie auf:&lt;/b&gt; Antworten, die der Adapter korrigiert, und Antworten, die er verschlechtert. Ein einzelner Prompt beweist in keine Richtung etwas: Dafür ist Schritt 6 da.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Puts Base beside the newest run and answers the first held-out prompt.</source>
        <translation>Stellt die Basis neben den neuesten Lauf und beantwortet den ersten zurückgehaltenen Prompt.</translation>
    </message>
    <message>
        <source>Run the sweep and read the table</source>
        <translation>Den Sweep ausführen und die Tabelle lesen</translation>
    </message>
    <message>
        <source>Sets the training settings to the lab&apos;s sweep recipe (%1 steps of %2 pairs) and starts training.</source>
        <translation>Setzt die Trainingseinstellungen auf das Sweep-Rezept des Labors (%1 Schritte mit je %2 Paaren) und startet das Training.</translation>
    </message>
    <message>
        <source>&lt;p&gt;The sweep trains every strategy (Full-DPO, Local, Mid and Global) with the same recipe and judges %1 held-out prompts of each dimension. The table gives each dimension&apos;s score with its 95% interval and the difference to Base; red cells are the alignment tax, a dimension that got worse.&lt;/p&gt;&lt;p&gt;&lt;b&gt;The paper&apos;s claim:&lt;/b&gt; Global-Align improves facts and logic, and Full-DPO pays a tax. &lt;b&gt;On the lab&lt;/b&gt; (three seeds, 200 prompts each): Global-Align gains most on grammar and facts and leaves logic where it was; Full-DPO loses 11 points of logic. Read whether your single-seed sweep agrees.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der Sweep trainiert jede Strategie (Full-DPO, Local, Mid und Global) mit demselben Rezept und bewertet %1 zurückgehaltene Prompts je Dimension. Die Tabelle zeigt für jede Dimension die Punktzahl mit ihrem 95-%-Intervall und den Unterschied zur Basis; rote Zellen sind die Alignment-Steuer, eine Dimension, die schlechter wurde.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Die These des Papers:&lt;/b&gt; Global-Align verbessert Fakten und Logik, und Full-DPO zahlt eine Steuer. &lt;b&gt;Im Labor&lt;/b&gt; (drei Seeds, je 200 Prompts): Global-Align gewinnt am meisten bei Grammatik und Fakten und lässt Logik, wo sie war; Full-DPO verliert 11 Punkte Logik. Prüfen Sie, ob Ihr Sweep mit einem Seed zustimmt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Runs File ▸ Run sweep… with the lab&apos;s settings and one seed into the workspace (under a minute).</source>
        <translation>Führt Datei ▸ Sweep starten… mit den Einstellungen des Labors und einem Seed im Arbeitsbereich aus (unter einer Minute).</translation>
    </message>
</context>
<context>
    <name>hialign::app::LessonHandout</name>
    <message>
        <source>Step %1 of the lesson (%2) did not finish: %3</source>
        <translation>Schritt %1 der Lektion (%2) wurde nicht fertig: %3</translation>
    </message>
    <message>
        <source>it ran out of time</source>
        <translation>die Zeit lief ab</translation>
    </message>
    <message>
        <source>step %1 (%2): %3 s</source>
        <translation>Schritt %1 (%2): %3 s</translation>
    </message>
    <message>
        <source>Name the handout&apos;s file (a .pdf).</source>
        <translation>Nennen Sie die Datei des Handouts (eine .pdf).</translation>
    </message>
    <message>
        <source>The handout is a PDF: name a file ending in .pdf, not %1.</source>
        <translation>Das Handout ist ein PDF: Nennen Sie eine Datei, die auf .pdf endet, nicht %1.</translation>
    </message>
    <message>
        <source>The folder %1 for the handout does not exist.</source>
        <translation>Der Ordner %1 für das Handout existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is a folder; name the handout&apos;s file in it.</source>
        <translation>%1 ist ein Ordner; nennen Sie die Datei des Handouts darin.</translation>
    </message>
    <message>
        <source>HiAlign Workbench %1 · the pictures were drawn by the workbench on the shipped demo lab.</source>
        <translation>HiAlign Workbench %1 · die Bilder hat die Workbench selbst im mitgelieferten Demo-Labor gezeichnet.</translation>
    </message>
    <message>
        <source>Do it:</source>
        <translation>Ausführen:</translation>
    </message>
    <message>
        <source>Could not write the handout %1.</source>
        <translation>Das Handout %1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The handout is drawn on the demo lab, which is not installed (set HIALIGN_DEMO_DIR to its folder).</source>
        <translation>Das Handout wird im Demo-Labor gezeichnet, das nicht installiert ist (setzen Sie HIALIGN_DEMO_DIR auf seinen Ordner).</translation>
    </message>
    <message>
        <source>Could not make a temporary folder for the handout&apos;s runs.</source>
        <translation>Für die Läufe des Handouts konnte kein temporärer Ordner angelegt werden.</translation>
    </message>
</context>
<context>
    <name>hialign::app::LessonPanel</name>
    <message>
        <source>Lesson</source>
        <translation>Lektion</translation>
    </message>
    <message>
        <source>Do it</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>What the lesson changed of your settings</source>
        <translation>Was die Lektion an Ihren Einstellungen geändert hat</translation>
    </message>
    <message>
        <source>Put my settings back</source>
        <translation>Meine Einstellungen wiederherstellen</translation>
    </message>
    <message>
        <source>Restart lesson</source>
        <translation>Lektion neu beginnen</translation>
    </message>
    <message>
        <source>Clears the ticks; the window keeps its model, runs and sweep.</source>
        <translation>Entfernt die Häkchen; das Fenster behält sein Modell, seine Läufe und seinen Sweep.</translation>
    </message>
    <message>
        <source>Export handout…</source>
        <translation>Handout exportieren…</translation>
    </message>
    <message>
        <source>Nothing yet.</source>
        <translation>Noch nichts.</translation>
    </message>
</context>
<context>
    <name>hialign::app::MainWindow</name>
    <message>
        <source>Training in progress</source>
        <translation>Training läuft</translation>
    </message>
    <message>
        <source>A run is training. Stop it and quit? It is saved with a checkpoint and can be resumed from the Runs tab.</source>
        <translation>Ein Lauf wird gerade trainiert. Anhalten und beenden? Er wird mit einem Checkpoint gespeichert und kann im Tab „Läufe“ fortgesetzt werden.</translation>
    </message>
    <message>
        <source>Choose a model folder (File ▸ Open model…) to begin.</source>
        <translation>Wählen Sie zum Beginnen einen Modellordner (Datei ▸ Modell öffnen…).</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation>Hugging-Face-Modellordner wählen</translation>
    </message>
    <message>
        <source>Choose a preference data set</source>
        <translation>Präferenzdatensatz wählen</translation>
    </message>
    <message>
        <source>Preference data (*.jsonl *.json);;All files (*)</source>
        <translation>Präferenzdaten (*.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>About HiAlign Workbench</source>
        <translation>Über HiAlign Workbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;HiAlign Workbench %1&lt;/h3&gt;&lt;p&gt;DPO with LoRA adapters on chosen functional blocks of a model&apos;s layer stack: local (syntax), intermediate (logic), global (facts).&lt;/p&gt;&lt;p&gt;After Zhang &amp;amp; Dong, &lt;i&gt;Hierarchical Alignment: Surgical Fine-Tuning via Functional Layer Specialization in Large Language Models&lt;/i&gt;, arXiv 2510.12044.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;HiAlign Workbench %1&lt;/h3&gt;&lt;p&gt;DPO mit LoRA-Adaptern auf ausgewählten Funktionsblöcken des Schichtstapels eines Modells: lokal (Syntax), intermediär (Logik), global (Fakten).&lt;/p&gt;&lt;p&gt;Nach Zhang &amp;amp; Dong, &lt;i&gt;Hierarchical Alignment: Surgical Fine-Tuning via Functional Layer Specialization in Large Language Models&lt;/i&gt;, arXiv 2510.12044.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>HiAlign Workbench</source>
        <translation>HiAlign Workbench</translation>
    </message>
    <message>
        <source>Layer stack</source>
        <translation>Schichtstapel</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>Trainingskurven</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Brush the functional blocks and see where training changes the model</source>
        <translation>Funktionsblöcke markieren und sehen, wo das Training das Modell verändert</translation>
    </message>
    <message>
        <source>Loss, reward margin and accuracy as they train</source>
        <translation>Verlust, Belohnungsabstand und Genauigkeit während des Trainings</translation>
    </message>
    <message>
        <source>Base and adapters side by side on the same prompt</source>
        <translation>Basismodell und Adapter nebeneinander mit demselben Prompt</translation>
    </message>
    <message>
        <source>Run folders of the workspace</source>
        <translation>Lauf-Ordner des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Recent models</source>
        <translation>Zuletzt geöffnete Modelle</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>Modell öffnen…</translation>
    </message>
    <message>
        <source>Open preferences…</source>
        <translation>Präferenzdaten öffnen…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Could not open the model folder %1: %2</source>
        <translation>Der Modellordner %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n layer(s) · %2 parameters</source>
        <translation>
            <numerusform>%1 · %n Schicht · %2 Parameter</numerusform>
            <numerusform>%1 · %n Schichten · %2 Parameter</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the preference file: %1</source>
        <translation>Die Präferenzdatei konnte nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n preference pair(s)</source>
        <translation>
            <numerusform>%n Präferenzpaar</numerusform>
            <numerusform>%n Präferenzpaare</numerusform>
        </translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>Sweep</translation>
    </message>
    <message>
        <source>A strategy sweep&apos;s table, charts and judged generations</source>
        <translation>Tabelle, Diagramme und bewertete Generierungen eines Strategie-Sweeps</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>&amp;Schichten</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Lektion</translation>
    </message>
    <message>
        <source>Export handout…</source>
        <translation>Handout exportieren…</translation>
    </message>
    <message>
        <source>Export the lesson&apos;s handout</source>
        <translation>Das Handout der Lektion exportieren</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>A handout is being written already; wait for it to finish.</source>
        <translation>Es wird bereits ein Handout geschrieben; warten Sie, bis es fertig ist.</translation>
    </message>
    <message>
        <source>The handout is drawn by %1, which is not there.</source>
        <translation>Das Handout wird von %1 gezeichnet, das nicht vorhanden ist.</translation>
    </message>
    <message>
        <source>The handout is written: %1</source>
        <translation>Das Handout ist geschrieben: %1</translation>
    </message>
    <message>
        <source>Writing the handout failed.</source>
        <translation>Das Handout konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Writing the handout: the lesson&apos;s six steps run in the background (about a minute)…</source>
        <translation>Das Handout wird geschrieben: Die sechs Schritte der Lektion laufen im Hintergrund (etwa eine Minute)…</translation>
    </message>
</context>
<context>
    <name>hialign::app::ProbeController</name>
    <message>
        <source>A layer probe is already running; stop it first.</source>
        <translation>Eine Schichtsonde läuft bereits; halten Sie sie zuerst an.</translation>
    </message>
</context>
<context>
    <name>hialign::app::ProbeDialog</name>
    <message>
        <source>Probe layers</source>
        <translation>Schichten sondieren</translation>
    </message>
    <message>
        <source>Which layers carry each dimension&apos;s preference signal: every layer&apos;s attention and MLP are removed in turn (ablation), and the DPO gradient on per-layer adapters is measured. The result shows beside the layer stack with suggested cuts.</source>
        <translation>Welche Schichten das Präferenzsignal jeder Dimension tragen: Attention und MLP jeder Schicht werden nacheinander entfernt (Ablation), und der DPO-Gradient auf Adaptern je Schicht wird gemessen. Das Ergebnis erscheint neben dem Schichtstapel, mit vorgeschlagenen Grenzen.</translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation>Dimensionen</translation>
    </message>
    <message>
        <source>Add dimension</source>
        <translation>Dimension hinzufügen</translation>
    </message>
    <message>
        <source>Ablation</source>
        <translation>Ablation</translation>
    </message>
    <message>
        <source>Remove each layer&apos;s attention output, MLP output or both, and measure the change in preference accuracy and margin</source>
        <translation>Die Ausgabe von Attention, MLP oder beidem jeder Schicht entfernen und die Änderung von Präferenzgenauigkeit und Marge messen</translation>
    </message>
    <message>
        <source>DPO gradient</source>
        <translation>DPO-Gradient</translation>
    </message>
    <message>
        <source>The DPO loss&apos;s gradient reaching each layer&apos;s LoRA adapter at step 0</source>
        <translation>Der Gradient des DPO-Verlusts, der in Schritt 0 den LoRA-Adapter jeder Schicht erreicht</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>Methoden</translation>
    </message>
    <message>
        <source>A seeded sample of each file&apos;s pairs; fewer pairs run faster</source>
        <translation>Eine Stichprobe (mit Seed) der Paare jeder Datei; weniger Paare laufen schneller</translation>
    </message>
    <message>
        <source>Pairs per dimension</source>
        <translation>Paare je Dimension</translation>
    </message>
    <message>
        <source>optional: a folder for probe.json, probe.csv and probe.html</source>
        <translation>optional: ein Ordner für probe.json, probe.csv und probe.html</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Folder for the probe&apos;s files</source>
        <translation>Ordner für die Dateien der Sonde</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>Run probe</source>
        <translation>Sonde ausführen</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;; each name once</source>
        <translation>Buchstaben, Ziffern, „_“, „-“ und „.“; jeder Name nur einmal</translation>
    </message>
    <message>
        <source>preference file (JSONL or JSON)</source>
        <translation>Präferenzdatei (JSONL oder JSON)</translation>
    </message>
    <message>
        <source>Remove this dimension</source>
        <translation>Diese Dimension entfernen</translation>
    </message>
    <message>
        <source>Preference file</source>
        <translation>Präferenzdatei</translation>
    </message>
    <message>
        <source>Preference data (*.jsonl *.json);;All files (*)</source>
        <translation>Präferenzdaten (*.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open a model folder (with its config.json) first.</source>
        <translation>Öffnen Sie zuerst einen Modellordner (mit seiner config.json).</translation>
    </message>
    <message>
        <source>Add at least one dimension: a name and its preference file.</source>
        <translation>Fügen Sie mindestens eine Dimension hinzu: einen Namen und seine Präferenzdatei.</translation>
    </message>
    <message>
        <source>Give the dimension of %1 a name.</source>
        <translation>Geben Sie der Dimension von %1 einen Namen.</translation>
    </message>
    <message>
        <source>Choose a preference file for the dimension &quot;%1&quot;.</source>
        <translation>Wählen Sie eine Präferenzdatei für die Dimension „%1“.</translation>
    </message>
    <message>
        <source>The preference file of &quot;%1&quot; does not exist.</source>
        <translation>Die Präferenzdatei von „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>Choose at least one method: ablation or the DPO gradient.</source>
        <translation>Wählen Sie mindestens eine Methode: Ablation oder den DPO-Gradienten.</translation>
    </message>
    <message>
        <source>The output folder is a file.</source>
        <translation>Der Ausgabeordner ist eine Datei.</translation>
    </message>
</context>
<context>
    <name>hialign::app::ProbePage</name>
    <message>
        <source>Cancel probe</source>
        <translation>Sonde abbrechen</translation>
    </message>
    <message>
        <source>Probe: %1</source>
        <translation>Sonde: %1</translation>
    </message>
    <message>
        <source>Open a probe result</source>
        <translation>Sondenergebnis öffnen</translation>
    </message>
    <message>
        <source>Probe result (probe.json *.json);;All files (*)</source>
        <translation>Sondenergebnis (probe.json *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Stop probe</source>
        <translation>Sonde anhalten</translation>
    </message>
    <message>
        <source>Probe layers…</source>
        <translation>Schichten sondieren…</translation>
    </message>
    <message>
        <source>Measure which layers carry each dimension&apos;s preference signal and suggest cuts</source>
        <translation>Messen, welche Schichten das Präferenzsignal jeder Dimension tragen, und Grenzen vorschlagen</translation>
    </message>
    <message>
        <source>Open probe result…</source>
        <translation>Sondenergebnis öffnen…</translation>
    </message>
    <message>
        <source>Train a dimension&apos;s block</source>
        <translation>Block einer Dimension trainieren</translation>
    </message>
    <message>
        <source>Clear probe</source>
        <translation>Sonde ausblenden</translation>
    </message>
    <message>
        <source>Open a model folder first; the probe runs on its layers.</source>
        <translation>Öffnen Sie zuerst einen Modellordner; die Sonde läuft auf seinen Schichten.</translation>
    </message>
    <message>
        <source>Probe: loading the model…</source>
        <translation>Sonde: Modell wird geladen…</translation>
    </message>
    <message>
        <source>The probe stopped; nothing was written.</source>
        <translation>Die Sonde wurde angehalten; nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>Probe finished: suggested cuts %1 | %2 (separation %3, against %4 at the thirds %5 | %6).</source>
        <translation>Sonde fertig: vorgeschlagene Grenzen %1 | %2 (Trennung %3, gegenüber %4 bei den Dritteln %5 | %6).</translation>
    </message>
    <message>
        <source>Probe finished; a stack of fewer than 3 layers gets no suggested cuts.</source>
        <translation>Sonde fertig; ein Stapel mit weniger als 3 Schichten erhält keine vorgeschlagenen Grenzen.</translation>
    </message>
    <message>
        <source>Files in %1.</source>
        <translation>Dateien in %1.</translation>
    </message>
    <message>
        <source>Open a model folder first; a probe result belongs to a model.</source>
        <translation>Öffnen Sie zuerst einen Modellordner; ein Sondenergebnis gehört zu einem Modell.</translation>
    </message>
    <message>
        <source>This probe is of a model with %1 layers, but the open model has %2.</source>
        <translation>Diese Sonde stammt von einem Modell mit %1 Schichten, das geöffnete Modell hat aber %2.</translation>
    </message>
    <message>
        <source>Opened the probe in %1.</source>
        <translation>Sonde aus %1 geöffnet.</translation>
    </message>
    <message>
        <source>It was measured on %1.</source>
        <translation>Sie wurde an %1 gemessen.</translation>
    </message>
    <message>
        <source>The probe returned no result.</source>
        <translation>Die Sonde lieferte kein Ergebnis.</translation>
    </message>
    <message>
        <source>Train %1&apos;s block (%2)</source>
        <translation>Block von %1 trainieren (%2)</translation>
    </message>
    <message>
        <source>The plan trains %1&apos;s block (%2, layers %3–%4) with the data in the panel; press Start training to run it.</source>
        <translation>Der Plan trainiert den Block von %1 (%2, Schichten %3–%4) mit den Daten im Bedienfeld; starten Sie das Training, um ihn auszuführen.</translation>
    </message>
    <message>
        <source>Layer probe</source>
        <translation>Schichtsonde</translation>
    </message>
    <message>
        <source>Train with the probe&apos;s ranks</source>
        <translation>Mit den Rängen der Sonde trainieren</translation>
    </message>
    <message>
        <source>The plan trains %1&apos;s block (%2) with the probe&apos;s ranks per layer, %3, within %4 adapter parameters; press Start training to run it.</source>
        <translation>Der Plan trainiert den Block von %1 (%2) mit den Rängen der Sonde je Schicht, %3, innerhalb von %4 Adapterparametern; starten Sie das Training, um ihn auszuführen.</translation>
    </message>
</context>
<context>
    <name>hialign::app::ProbeWorker</name>
    <message>
        <source>The probe stopped with an unknown error.</source>
        <translation>Die Sonde brach mit einem unbekannten Fehler ab.</translation>
    </message>
</context>
<context>
    <name>hialign::app::RunSummary</name>
    <message>
        <source>%1 has no readable run.json.</source>
        <translation>%1 enthält keine lesbare run.json.</translation>
    </message>
</context>
<context>
    <name>hialign::app::RunsBrowser</name>
    <message>
        <source>Delete run</source>
        <translation>Lauf löschen</translation>
    </message>
    <message>
        <source>Delete the run folder %1 with its checkpoints and adapter? This cannot be undone.</source>
        <translation>Den Lauf-Ordner %1 samt Checkpoints und Adapter löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Strategy (layers)</source>
        <translation>Strategie (Schichten)</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Letzte Änderung</translation>
    </message>
    <message>
        <source>Choose workspace…</source>
        <translation>Arbeitsbereich wählen…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Show the run&apos;s curves in the training plots</source>
        <translation>Die Kurven des Laufs in den Trainingsdiagrammen anzeigen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Continue a stopped run from its newest checkpoint</source>
        <translation>Einen angehaltenen Lauf ab seinem neuesten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Overlay the selected runs&apos; curves and add their adapters to the compare view</source>
        <translation>Die Kurven der ausgewählten Läufe überlagern und ihre Adapter zur Vergleichsansicht hinzufügen</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>No workspace chosen</source>
        <translation>Kein Arbeitsbereich gewählt</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>stopped (resumable)</source>
        <translation>angehalten (fortsetzbar)</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>interrupted (resumable)</source>
        <translation>unterbrochen (fortsetzbar)</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Merge into model…</source>
        <translation>Mit Modell zusammenführen…</translation>
    </message>
    <message>
        <source>Write the base model with this run&apos;s adapter merged in, as a Hugging Face model folder</source>
        <translation>Das Basismodell mit dem eingearbeiteten Adapter dieses Laufs als Hugging-Face-Modellordner schreiben</translation>
    </message>
</context>
<context>
    <name>hialign::app::RunsPage</name>
    <message>
        <source>Choose the folder for run folders</source>
        <translation>Ordner für die Lauf-Ordner wählen</translation>
    </message>
    <message>
        <source>Folder for the merged model</source>
        <translation>Ordner für das zusammengeführte Modell</translation>
    </message>
    <message>
        <source>Merging the adapter of %1…</source>
        <translation>Adapter von %1 wird zusammengeführt…</translation>
    </message>
    <message numerus="yes">
        <source>Merged %n adapted projection(s) into a model folder: %1</source>
        <translation>
            <numerusform>%n angepasste Projektion zusammengeführt und als Modellordner geschrieben: %1</numerusform>
            <numerusform>%n angepasste Projektionen zusammengeführt und als Modellordner geschrieben: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hialign::app::ScreenshotDriver</name>
    <message>
        <source>The probe did not finish within 30 minutes.</source>
        <translation>Die Sonde wurde nicht innerhalb von 30 Minuten fertig.</translation>
    </message>
    <message>
        <source>The training run did not finish within 30 minutes.</source>
        <translation>Der Trainingslauf wurde nicht innerhalb von 30 Minuten fertig.</translation>
    </message>
    <message>
        <source>Could not write the screenshot %1.</source>
        <translation>Der Screenshot %1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Step %1 of the lesson did not finish: %2</source>
        <translation>Schritt %1 der Lektion wurde nicht fertig: %2</translation>
    </message>
</context>
<context>
    <name>hialign::app::SweepController</name>
    <message>
        <source>A sweep is already running; stop it first.</source>
        <translation>Es läuft bereits ein Sweep; halten Sie ihn zuerst an.</translation>
    </message>
</context>
<context>
    <name>hialign::app::SweepDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Run strategy sweep</source>
        <translation>Strategie-Sweep starten</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Preference data</source>
        <translation>Präferenzdaten</translation>
    </message>
    <message>
        <source>Preference data (*.jsonl *.json)</source>
        <translation>Präferenzdaten (*.jsonl *.json)</translation>
    </message>
    <message>
        <source>JSON Lines files with a &quot;prompt&quot; per line, separated by &apos;;&apos;</source>
        <translation>JSON-Lines-Dateien mit einem „prompt“ pro Zeile, getrennt durch „;“</translation>
    </message>
    <message>
        <source>Eval prompts</source>
        <translation>Evaluations-Prompts</translation>
    </message>
    <message>
        <source>Eval prompts (*.jsonl)</source>
        <translation>Evaluations-Prompts (*.jsonl)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Prompts per file</source>
        <translation>Prompts pro Datei</translation>
    </message>
    <message>
        <source>exact (demo lab), local:MODEL_DIR or openai:URL,model=NAME,key-env=VARIABLE; the API key is read from the environment variable and never saved</source>
        <translation>exact (Demo-Labor), local:MODELLORDNER oder openai:URL,model=NAME,key-env=VARIABLE; der API-Schlüssel wird aus der Umgebungsvariablen gelesen und nie gespeichert</translation>
    </message>
    <message>
        <source>Judge</source>
        <translation>Bewerter</translation>
    </message>
    <message>
        <source>Strategies</source>
        <translation>Strategien</translation>
    </message>
    <message>
        <source>Comma-separated; each seed trains and samples every strategy once</source>
        <translation>Durch Kommas getrennt; jeder Seed trainiert und generiert jede Strategie einmal</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <source>Steps per strategy</source>
        <translation>Schritte pro Strategie</translation>
    </message>
    <message>
        <source>Sampling temperature of the eval generations; 0 is greedy</source>
        <translation>Sampling-Temperatur der Evaluations-Generierungen; 0 ist gierig (greedy)</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Running the same sweep into the same folder again resumes it</source>
        <translation>Derselbe Sweep in denselben Ordner setzt ihn fort</translation>
    </message>
    <message>
        <source>Sweep folder</source>
        <translation>Sweep-Ordner</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>Sweep starten</translation>
    </message>
    <message>
        <source>The model folder has no config.json.</source>
        <translation>Der Modellordner enthält keine config.json.</translation>
    </message>
    <message>
        <source>The preference data file does not exist.</source>
        <translation>Die Präferenzdatei existiert nicht.</translation>
    </message>
    <message>
        <source>Choose at least one eval prompts file.</source>
        <translation>Wählen Sie mindestens eine Datei mit Evaluations-Prompts.</translation>
    </message>
    <message>
        <source>The eval prompts file %1 does not exist.</source>
        <translation>Die Datei mit Evaluations-Prompts %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Choose at least one strategy.</source>
        <translation>Wählen Sie mindestens eine Strategie.</translation>
    </message>
    <message>
        <source>The seeds must be whole numbers separated by commas.</source>
        <translation>Die Seeds müssen ganze Zahlen sein, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Give at least one seed.</source>
        <translation>Geben Sie mindestens einen Seed an.</translation>
    </message>
    <message>
        <source>Choose a judge.</source>
        <translation>Wählen Sie einen Bewerter.</translation>
    </message>
    <message>
        <source>Choose a sweep folder.</source>
        <translation>Wählen Sie einen Sweep-Ordner.</translation>
    </message>
    <message>
        <source>Nucleus sampling of the eval generations: the smallest set of tokens whose probabilities add up to this share; 1 samples from all</source>
        <translation>Nucleus-Sampling der Evaluations-Generierungen: die kleinste Menge von Tokens, deren Wahrscheinlichkeiten sich zu diesem Anteil summieren; 1 sampelt aus allen</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Longest eval generation, in tokens</source>
        <translation>Längste Evaluations-Generierung, in Tokens</translation>
    </message>
    <message>
        <source>Max new tokens</source>
        <translation>Max. neue Tokens</translation>
    </message>
    <message>
        <source>Temperature, top-p and max new tokens follow the demo lab&apos;s evaluation decoding (its card.json).</source>
        <translation>Temperatur, Top-p und max. neue Tokens folgen der Evaluations-Dekodierung des Demo-Labors (seiner card.json).</translation>
    </message>
    <message>
        <source>Bootstrap resamples of the report&apos;s intervals (over seeds, then prompts)</source>
        <translation>Bootstrap-Stichproben für die Intervalle des Berichts (über Seeds, dann Prompts)</translation>
    </message>
    <message>
        <source>Bootstrap resamples</source>
        <translation>Bootstrap-Stichproben</translation>
    </message>
    <message>
        <source>Significance level of the paired tests against Base (Holm-corrected); the intervals are at 1 − α</source>
        <translation>Signifikanzniveau der gepaarten Tests gegen die Basis (Holm-korrigiert); die Intervalle haben das Niveau 1 − α</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>Thirds (the paper&apos;s default)</source>
        <translation>Drittel (Standard des Papers)</translation>
    </message>
    <message>
        <source>Layer stack&apos;s cuts: local [0, %1), intermediate [%1, %2), global [%2, …)</source>
        <translation>Schnitte des Schichtstapels: lokal [0, %1), mittel [%1, %2), global [%2, …)</translation>
    </message>
    <message>
        <source>Where the local, intermediate and global blocks of Local-, Mid- and Global-Align end. Move the cuts on the layer stack (or apply a layer probe&apos;s suggested cuts) to offer them here.</source>
        <translation>Wo der lokale, mittlere und globale Block von Local-, Mid- und Global-Align enden. Verschieben Sie die Schnitte im Schichtstapel (oder übernehmen Sie die vorgeschlagenen Schnitte einer Schichtsonde), um sie hier anzubieten.</translation>
    </message>
    <message>
        <source>Block cuts</source>
        <translation>Blockschnitte</translation>
    </message>
</context>
<context>
    <name>hialign::app::SweepPage</name>
    <message>
        <source>Wrote the sweep report to %1.</source>
        <translation>Sweep-Bericht nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>Sweep %1/%2: %3</source>
        <translation>Sweep %1/%2: %3</translation>
    </message>
    <message>
        <source>training %1: step %2 of %3, loss %4</source>
        <translation>%1 wird trainiert: Schritt %2 von %3, Verlust %4</translation>
    </message>
    <message>
        <source>Sweep: training %1, step %2 of %3, loss %4</source>
        <translation>Sweep: %1 wird trainiert, Schritt %2 von %3, Verlust %4</translation>
    </message>
    <message>
        <source>Run sweep…</source>
        <translation>Sweep starten…</translation>
    </message>
    <message>
        <source>The sweep finished; its report is in %1.</source>
        <translation>Der Sweep ist fertig; sein Bericht liegt in %1.</translation>
    </message>
    <message>
        <source>The sweep stopped. Run it again with the same folder to resume.</source>
        <translation>Der Sweep wurde angehalten. Starten Sie ihn mit demselben Ordner erneut, um fortzusetzen.</translation>
    </message>
    <message>
        <source>Open sweep…</source>
        <translation>Sweep öffnen…</translation>
    </message>
    <message>
        <source>Export sweep report…</source>
        <translation>Sweep-Bericht exportieren…</translation>
    </message>
    <message>
        <source>Stop sweep</source>
        <translation>Sweep anhalten</translation>
    </message>
    <message>
        <source>Sweep in progress</source>
        <translation>Sweep läuft</translation>
    </message>
    <message>
        <source>Stop the running sweep? Finished strategies are kept and the sweep resumes when it is run again with the same folder.</source>
        <translation>Den laufenden Sweep anhalten? Fertige Strategien bleiben erhalten, und der Sweep wird fortgesetzt, wenn er mit demselben Ordner erneut gestartet wird.</translation>
    </message>
    <message>
        <source>Sweep started in %1.</source>
        <translation>Sweep in %1 gestartet.</translation>
    </message>
</context>
<context>
    <name>hialign::app::TrainingController</name>
    <message>
        <source>A run is already training; stop it first.</source>
        <translation>Es wird bereits ein Lauf trainiert; halten Sie ihn zuerst an.</translation>
    </message>
</context>
<context>
    <name>hialign::app::TrainingPage</name>
    <message>
        <source>Paused. Continue or stop (a checkpoint is written on stop).</source>
        <translation>Pausiert. Fortsetzen oder anhalten (beim Anhalten wird ein Checkpoint geschrieben).</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Training läuft…</translation>
    </message>
    <message>
        <source>Choose a model folder first.</source>
        <translation>Wählen Sie zuerst einen Modellordner.</translation>
    </message>
    <message>
        <source>Choose a preference data file first.</source>
        <translation>Wählen Sie zuerst eine Präferenzdatei.</translation>
    </message>
    <message>
        <source>The Base strategy trains nothing: pick a block, Full, or paint some layers.</source>
        <translation>Die Strategie „Basis“ trainiert nichts: Wählen Sie einen Block, „Alle“ oder markieren Sie einige Schichten.</translation>
    </message>
    <message>
        <source>loading the model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message>
        <source>Training %1…</source>
        <translation>%1 wird trainiert…</translation>
    </message>
    <message>
        <source>Resuming %1…</source>
        <translation>%1 wird fortgesetzt…</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Token/s</translation>
    </message>
    <message>
        <source>GPU memory %1 GiB</source>
        <translation>GPU-Speicher %1 GiB</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>Verlust %1</translation>
    </message>
    <message numerus="yes">
        <source>Finished %1 after %n step(s). Compare it with Base in the Compare tab.</source>
        <translation>
            <numerusform>%1 nach %n Schritt abgeschlossen. Vergleichen Sie den Lauf im Tab „Vergleich“ mit der Basis.</numerusform>
            <numerusform>%1 nach %n Schritten abgeschlossen. Vergleichen Sie den Lauf im Tab „Vergleich“ mit der Basis.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped %1 at step %2; resume it from the Runs tab.</source>
        <translation>%1 bei Schritt %2 angehalten; im Tab „Läufe“ fortsetzen.</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>Training fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Training fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Stopping and writing a checkpoint…</source>
        <translation>Wird angehalten, Checkpoint wird geschrieben…</translation>
    </message>
    <message>
        <source>The run&apos;s answers could not be read: %1</source>
        <translation>Die Antworten des Laufs ließen sich nicht lesen: %1</translation>
    </message>
</context>
<context>
    <name>hialign::app::TrainingPanel</name>
    <message>
        <source>not started</source>
        <translation>nicht gestartet</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation>Hugging-Face-Modellordner wählen</translation>
    </message>
    <message>
        <source>Choose a preference data set</source>
        <translation>Präferenzdatensatz wählen</translation>
    </message>
    <message>
        <source>Preference data (*.jsonl *.json);;All files (*)</source>
        <translation>Präferenzdaten (*.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose the folder for run folders</source>
        <translation>Ordner für die Lauf-Ordner wählen</translation>
    </message>
    <message>
        <source>Model and data</source>
        <translation>Modell und Daten</translation>
    </message>
    <message>
        <source>Where to adapt (LoRA)</source>
        <translation>Wo angepasst wird (LoRA)</translation>
    </message>
    <message>
        <source>Preference optimisation (DPO)</source>
        <translation>Präferenzoptimierung (DPO)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Präferenzen</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Rank r</source>
        <translation>Rang r</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlustfunktion</translation>
    </message>
    <message>
        <source>β (beta)</source>
        <translation>β (Beta)</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Pairs per step</source>
        <translation>Paare pro Schritt</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>Evaluierung alle</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Folder with config.json and model.safetensors</source>
        <translation>Ordner mit config.json und model.safetensors</translation>
    </message>
    <message>
        <source>A Hugging Face model folder (Llama, Mistral, Qwen families)</source>
        <translation>Ein Hugging-Face-Modellordner (Modellfamilien Llama, Mistral, Qwen)</translation>
    </message>
    <message>
        <source>JSONL with prompt, chosen, rejected</source>
        <translation>JSONL mit prompt, chosen, rejected</translation>
    </message>
    <message>
        <source>Each line: {&quot;prompt&quot;, &quot;chosen&quot;, &quot;rejected&quot;}; the preferred answer is &quot;chosen&quot;</source>
        <translation>Jede Zeile: {&quot;prompt&quot;, &quot;chosen&quot;, &quot;rejected&quot;}; die bevorzugte Antwort steht in &quot;chosen&quot;</translation>
    </message>
    <message>
        <source>Every run gets its own folder here: settings, metrics, checkpoints, adapter</source>
        <translation>Jeder Lauf erhält hier einen eigenen Ordner: Einstellungen, Metriken, Checkpoints, Adapter</translation>
    </message>
    <message>
        <source>Full-DPO (every layer)</source>
        <translation>Full-DPO (jede Schicht)</translation>
    </message>
    <message>
        <source>Local-Align (first third)</source>
        <translation>Local-Align (erstes Drittel)</translation>
    </message>
    <message>
        <source>Mid-Align (middle third)</source>
        <translation>Mid-Align (mittleres Drittel)</translation>
    </message>
    <message>
        <source>Global-Align (last third)</source>
        <translation>Global-Align (letztes Drittel)</translation>
    </message>
    <message>
        <source>Custom (painted layers)</source>
        <translation>Eigene (markierte Schichten)</translation>
    </message>
    <message>
        <source>Which layers get adapters; the layer stack shows and edits the same choice</source>
        <translation>Welche Schichten Adapter erhalten; der Schichtstapel zeigt und bearbeitet dieselbe Auswahl</translation>
    </message>
    <message>
        <source>attention + MLP</source>
        <translation>Attention + MLP</translation>
    </message>
    <message>
        <source>attention only</source>
        <translation>nur Attention</translation>
    </message>
    <message>
        <source>MLP only</source>
        <translation>nur MLP</translation>
    </message>
    <message>
        <source>Size of each adapter: more rank, more capacity and more parameters</source>
        <translation>Größe jedes Adapters: höherer Rang bedeutet mehr Kapazität und mehr Parameter</translation>
    </message>
    <message>
        <source>Scale of the adapter&apos;s update (alpha / r); twice the rank is a common choice</source>
        <translation>Skalierung der Adapter-Aktualisierung (alpha / r); das Doppelte des Rangs ist eine übliche Wahl</translation>
    </message>
    <message>
        <source>The paper&apos;s finding: local layers shape fluency, the global block facts and reasoning. Adapting one block avoids the &apos;alignment tax&apos; of training everything.</source>
        <translation>Ergebnis des Papers: Die lokalen Schichten prägen den Sprachfluss, der globale Block Fakten und Schlussfolgern. Wer nur einen Block anpasst, vermeidet die „Alignment-Steuer“ eines Trainings aller Schichten.</translation>
    </message>
    <message>
        <source>sigmoid: standard DPO; ipo: squared loss; hinge: margin loss; robust: for noisy labels</source>
        <translation>sigmoid: Standard-DPO; ipo: quadratischer Verlust; hinge: Margin-Verlust; robust: für verrauschte Labels</translation>
    </message>
    <message>
        <source>How far the model may move from the base: small β lets it move more</source>
        <translation>Wie weit sich das Modell vom Basismodell entfernen darf: Ein kleines β erlaubt mehr Abweichung</translation>
    </message>
    <message>
        <source>AdamW step size for the adapters (cosine schedule with warm-up)</source>
        <translation>AdamW-Schrittweite für die Adapter (Kosinus-Zeitplan mit Aufwärmphase)</translation>
    </message>
    <message>
        <source>Optimizer steps of this run</source>
        <translation>Optimierungsschritte dieses Laufs</translation>
    </message>
    <message>
        <source>Preference pairs per step</source>
        <translation>Präferenzpaare pro Schritt</translation>
    </message>
    <message>
        <source>Held-out evaluation every N steps (0: only at the end)</source>
        <translation>Evaluierung auf zurückgehaltenen Daten alle N Schritte (0: nur am Ende)</translation>
    </message>
    <message>
        <source>Same seed, same data order and initialisation: runs are reproducible</source>
        <translation>Gleicher Seed, gleiche Datenreihenfolge und Initialisierung: Läufe sind reproduzierbar</translation>
    </message>
    <message>
        <source>Automatic (GPU when present)</source>
        <translation>Automatisch (GPU bevorzugt)</translation>
    </message>
    <message>
        <source>DPO raises the likelihood of the chosen answer over the rejected one, relative to the untrained model. Watch the reward margin grow and accuracy approach 100%.</source>
        <translation>DPO erhöht die Wahrscheinlichkeit der bevorzugten Antwort gegenüber der abgelehnten, relativ zum untrainierten Modell. Beobachten Sie, wie der Belohnungsabstand wächst und die Genauigkeit sich 100&#xa0;% nähert.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Train on a background thread; the window stays usable</source>
        <translation>In einem Hintergrund-Thread trainieren; das Fenster bleibt bedienbar</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop after the current step and save a checkpoint you can resume</source>
        <translation>Nach dem aktuellen Schritt anhalten und einen fortsetzbaren Checkpoint speichern</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>preparing…</source>
        <translation>wird vorbereitet…</translation>
    </message>
    <message>
        <source>Models in the Hugging Face cache</source>
        <translation>Modelle im Hugging-Face-Cache</translation>
    </message>
    <message>
        <source>None in %1</source>
        <translation>Keine in %1</translation>
    </message>
    <message>
        <source>Choose a model folder; the arrow lists the models in the Hugging Face cache</source>
        <translation>Einen Modellordner wählen; der Pfeil listet die Modelle im Hugging-Face-Cache</translation>
    </message>
    <message>
        <source>Answers over training are off.</source>
        <translation>Antworten im Training sind aus.</translation>
    </message>
    <message numerus="yes">
        <source>The prompts of %1 are answered at step 0, every %n step(s) and at the end; they are shown unjudged under the curves.</source>
        <translation>
            <numerusform>Die Prompts aus %1 werden bei Schritt 0, jeden Schritt und am Ende beantwortet; sie erscheinen unbewertet unter den Kurven.</numerusform>
            <numerusform>Die Prompts aus %1 werden bei Schritt 0, alle %n Schritte und am Ende beantwortet; sie erscheinen unbewertet unter den Kurven.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The lab&apos;s held-out prompts are answered at step 0, every %n step(s) and at the end, judged exactly; the answers and their score show under the curves.</source>
        <translation>
            <numerusform>Die zurückgehaltenen Prompts des Labors werden bei Schritt 0, jeden Schritt und am Ende beantwortet und exakt bewertet; Antworten und Bewertung erscheinen unter den Kurven.</numerusform>
            <numerusform>Die zurückgehaltenen Prompts des Labors werden bei Schritt 0, alle %n Schritte und am Ende beantwortet und exakt bewertet; Antworten und Bewertung erscheinen unter den Kurven.</numerusform>
        </translation>
    </message>
    <message>
        <source>This model is not a demo lab&apos;s: choose a prompt file to see its answers over training.</source>
        <translation>Dieses Modell gehört zu keinem Demo-Labor: Wählen Sie eine Prompt-Datei, um seine Antworten im Training zu sehen.</translation>
    </message>
    <message>
        <source>Choose prompts to answer during training</source>
        <translation>Prompts wählen, die im Training beantwortet werden</translation>
    </message>
    <message>
        <source>Prompts (*.jsonl *.json);;All files (*)</source>
        <translation>Prompts (*.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Answer prompts every</source>
        <translation>Prompts beantworten alle</translation>
    </message>
    <message>
        <source>Answer prompts</source>
        <translation>Prompts zum Beantworten</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> Schritte</translation>
    </message>
    <message>
        <source>Answer a fixed set of held-out prompts at step 0, every N steps and at the end, and judge them: the Answers view under the curves (0: off)</source>
        <translation>Eine feste Menge zurückgehaltener Prompts bei Schritt 0, alle N Schritte und am Ende beantworten und bewerten: die Antworten-Ansicht unter den Kurven (0: aus)</translation>
    </message>
    <message>
        <source>the demo lab&apos;s held-out prompts</source>
        <translation>die zurückgehaltenen Prompts des Demo-Labors</translation>
    </message>
    <message>
        <source>JSONL with one {&quot;prompt&quot;} per line (optional &quot;id&quot;, &quot;dimension&quot;)</source>
        <translation>JSONL mit einem {&quot;prompt&quot;} pro Zeile (optional &quot;id&quot;, &quot;dimension&quot;)</translation>
    </message>
</context>
<context>
    <name>hialign::app::TrainingWorker</name>
    <message>
        <source>The trainer stopped with an unknown error.</source>
        <translation>Der Trainer wurde mit einem unbekannten Fehler beendet.</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::CompareView</name>
    <message>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <source>Held-out prompts of the data set, and your own. Double-click one to compare.</source>
        <translation>Zurückgehaltene Prompts des Datensatzes und Ihre eigenen. Doppelklicken Sie auf einen, um zu vergleichen.</translation>
    </message>
    <message>
        <source>Type a prompt and press Enter</source>
        <translation>Prompt eingeben, Enter drücken</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Models side by side</source>
        <translation>Modelle nebeneinander</translation>
    </message>
    <message>
        <source>Base is the model without adapters; every trained run adds its adapter.</source>
        <translation>„Basis“ ist das Modell ohne Adapter; jeder trainierte Lauf fügt seinen Adapter hinzu.</translation>
    </message>
    <message>
        <source>Decoding (same for every column)</source>
        <translation>Dekodierung (gleich für jede Spalte)</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>Neue Token</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>0 picks the most likely token each time (greedy), the fairest comparison</source>
        <translation>0 wählt jedes Mal das wahrscheinlichste Token (greedy) – der fairste Vergleich</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;background-color:%1&quot;&gt;Highlighted&lt;/span&gt; words differ from Base.</source>
        <translation>&lt;span style=&quot;background-color:%1&quot;&gt;Hervorgehobene&lt;/span&gt; Wörter weichen von der Basis ab.</translation>
    </message>
    <message>
        <source>Pick a prompt and press Generate.</source>
        <translation>Wählen Sie einen Prompt und klicken Sie auf „Generieren“.</translation>
    </message>
    <message>
        <source>Pick or type a prompt first.</source>
        <translation>Wählen Sie zuerst einen Prompt aus oder geben Sie einen ein.</translation>
    </message>
    <message>
        <source>Tick at least one model to compare.</source>
        <translation>Haken Sie mindestens ein Modell zum Vergleichen an.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prompt:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Prompt:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;i&gt;%1: no dimension applies&lt;/i&gt;</source>
        <translation>&lt;i&gt;%1: keine Dimension zutreffend&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;%1: waiting for the response…&lt;/i&gt;</source>
        <translation>&lt;i&gt;%1: warte auf die Antwort…&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2 (%3) %4</source>
        <translation>%1: %2 (%3) %4</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::LayerStackView</name>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Lokal</translation>
    </message>
    <message>
        <source>Mid</source>
        <translation>Mitte</translation>
    </message>
    <message>
        <source>Global</source>
        <translation>Global</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigene</translation>
    </message>
    <message>
        <source>Base: no adapters; the untrained model for comparison (B)</source>
        <translation>Basis: keine Adapter; das untrainierte Modell zum Vergleich (B)</translation>
    </message>
    <message>
        <source>Full-DPO: LoRA adapters on every layer (F)</source>
        <translation>Full-DPO: LoRA-Adapter auf jeder Schicht (F)</translation>
    </message>
    <message>
        <source>Local-Align: adapters on the local block only, syntax and fluency (L)</source>
        <translation>Local-Align: Adapter nur auf dem lokalen Block – Syntax und Sprachfluss (L)</translation>
    </message>
    <message>
        <source>Mid-Align: adapters on the intermediate block only, logic and coherence (M)</source>
        <translation>Mid-Align: Adapter nur auf dem intermediären Block – Logik und Kohärenz (M)</translation>
    </message>
    <message>
        <source>Global-Align: adapters on the global block only, facts and reasoning (G)</source>
        <translation>Global-Align: Adapter nur auf dem globalen Block – Fakten und Schlussfolgern (G)</translation>
    </message>
    <message>
        <source>Custom: paint any set of layers with the mouse, or toggle them with Space</source>
        <translation>Eigene: beliebige Schichten mit der Maus markieren oder mit der Leertaste umschalten</translation>
    </message>
    <message>
        <source>Heat: off</source>
        <translation>Heatmap: aus</translation>
    </message>
    <message>
        <source>Heat: ‖ΔW‖ (how much each layer changed)</source>
        <translation>Heatmap: ‖ΔW‖ (Änderung je Schicht)</translation>
    </message>
    <message>
        <source>Heat: ‖gradient‖ (where training pushes now)</source>
        <translation>Heatmap: ‖Gradient‖ (wo das Training wirkt)</translation>
    </message>
    <message>
        <source>What the heat column shows per layer during and after training</source>
        <translation>Was die Heatmap-Spalte während und nach dem Training pro Schicht zeigt</translation>
    </message>
    <message>
        <source>Layer stack</source>
        <translation>Schichtstapel</translation>
    </message>
    <message>
        <source>Cut between the local and the intermediate block: drag it, or press +/−</source>
        <translation>Grenze zwischen lokalem und intermediärem Block: ziehen oder +/− drücken</translation>
    </message>
    <message>
        <source>Cut between the intermediate and the global block: drag it, or press +/−</source>
        <translation>Grenze zwischen intermediärem und globalem Block: ziehen oder +/− drücken</translation>
    </message>
    <message>
        <source>Language-model head: turns the last hidden state into next-token scores. No adapters here.</source>
        <translation>Sprachmodell-Kopf: wandelt den letzten verborgenen Zustand in Bewertungen für das nächste Token um. Hier gibt es keine Adapter.</translation>
    </message>
    <message>
        <source>Token embedding: looks up one vector per input token. No adapters here.</source>
        <translation>Token-Embedding: schlägt für jedes Eingabe-Token einen Vektor nach. Hier gibt es keine Adapter.</translation>
    </message>
    <message>
        <source>Local block: the first layers, which shape syntax and fluency.</source>
        <translation>Lokaler Block: die ersten Schichten, die Syntax und Sprachfluss prägen.</translation>
    </message>
    <message>
        <source>Intermediate block: the middle layers, which carry logic and coherence.</source>
        <translation>Intermediärer Block: die mittleren Schichten, die Logik und Kohärenz tragen.</translation>
    </message>
    <message>
        <source>Global block: the last layers, which hold facts and high-level reasoning.</source>
        <translation>Globaler Block: die letzten Schichten, die Fakten und übergeordnetes Schlussfolgern enthalten.</translation>
    </message>
    <message>
        <source>%1
Layers %2–%3. Click to train this block only.</source>
        <translation>%1
Schichten %2–%3. Klicken, um nur diesen Block zu trainieren.</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>intermediate</source>
        <translation>intermediär</translation>
    </message>
    <message>
        <source>global</source>
        <translation>global</translation>
    </message>
    <message>
        <source>Layer %1 (%2 block)</source>
        <translation>Schicht %1 (Block: %2)</translation>
    </message>
    <message>
        <source>Attention: %1 parameters</source>
        <translation>Attention: %1 Parameter</translation>
    </message>
    <message>
        <source>MLP: %1 parameters</source>
        <translation>MLP: %1 Parameter</translation>
    </message>
    <message>
        <source>LoRA adapter: %1 parameters (%2 of this layer)</source>
        <translation>LoRA-Adapter: %1 Parameter (%2 dieser Schicht)</translation>
    </message>
    <message>
        <source>No adapter: this layer stays frozen</source>
        <translation>Kein Adapter: Diese Schicht bleibt eingefroren</translation>
    </message>
    <message>
        <source>Carries a LoRA adapter</source>
        <translation>Trägt einen LoRA-Adapter</translation>
    </message>
    <message>
        <source>‖ΔW‖ = %1</source>
        <translation>‖ΔW‖ = %1</translation>
    </message>
    <message>
        <source>‖gradient‖ = %1</source>
        <translation>‖Gradient‖ = %1</translation>
    </message>
    <message>
        <source>Click or drag to paint a custom set; Space toggles the focused layer.</source>
        <translation>Klicken oder ziehen, um eine eigene Auswahl zu markieren; die Leertaste schaltet die fokussierte Schicht um.</translation>
    </message>
    <message>
        <source>Choose a model folder to see its layer stack.</source>
        <translation>Wählen Sie einen Modellordner, um seinen Schichtstapel zu sehen.</translation>
    </message>
    <message>
        <source>‖ΔW‖</source>
        <translation>‖ΔW‖</translation>
    </message>
    <message>
        <source>‖gradient‖</source>
        <translation>‖Gradient‖</translation>
    </message>
    <message>
        <source>parameters · adapter · share</source>
        <translation>Parameter · Adapter · Anteil</translation>
    </message>
    <message>
        <source>LM head</source>
        <translation>LM-Kopf</translation>
    </message>
    <message>
        <source>Token embedding</source>
        <translation>Token-Embedding</translation>
    </message>
    <message>
        <source>LM head + final norm · tied to the embedding</source>
        <translation>LM-Kopf + finale Norm · an das Embedding gebunden</translation>
    </message>
    <message>
        <source>LM head + final norm · %1</source>
        <translation>LM-Kopf + finale Norm · %1</translation>
    </message>
    <message>
        <source>Token embedding · %1</source>
        <translation>Token-Embedding · %1</translation>
    </message>
    <message>
        <source>attention · LoRA</source>
        <translation>Attention · LoRA</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>Attention</translation>
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
        <translation>%1 · eingefroren</translation>
    </message>
    <message>
        <source>after training</source>
        <translation>nach dem Training</translation>
    </message>
    <message>
        <source>Base: no adapters</source>
        <translation>Basis: keine Adapter</translation>
    </message>
    <message>
        <source>Full-DPO: every layer</source>
        <translation>Full-DPO: jede Schicht</translation>
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
        <translation>Eigene Schichtauswahl</translation>
    </message>
    <message>
        <source> · layers %1</source>
        <translation> · Schichten %1</translation>
    </message>
    <message>
        <source> · cuts at %1 | %2</source>
        <translation> · Grenzen bei %1 | %2</translation>
    </message>
    <message>
        <source>Model %1 parameters · adapters %2 · %3 of the model trained</source>
        <translation>Modell %1 Parameter · Adapter %2 · %3 des Modells trainiert</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s); choose a model folder for parameter counts</source>
        <translation>
            <numerusform>%n Schicht; wählen Sie einen Modellordner für die Parameterzahlen</numerusform>
            <numerusform>%n Schichten; wählen Sie einen Modellordner für die Parameterzahlen</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply suggested cuts</source>
        <translation>Vorgeschlagene Grenzen übernehmen</translation>
    </message>
    <message numerus="yes">
        <source>The probe names %n dimension(s) but holds %1 importance profile(s).</source>
        <translation>
            <numerusform>Die Sonde nennt %n Dimension, enthält aber %1 Wichtigkeitsprofil(e).</numerusform>
            <numerusform>Die Sonde nennt %n Dimensionen, enthält aber %1 Wichtigkeitsprofil(e).</numerusform>
        </translation>
    </message>
    <message>
        <source>The probe is of a %1-layer model; this layer stack has %2 layers.</source>
        <translation>Die Sonde stammt von einem Modell mit %1 Schichten; dieser Schichtstapel hat %2 Schichten.</translation>
    </message>
    <message>
        <source>The probe holds an importance value that is negative or not a number.</source>
        <translation>Die Sonde enthält einen Wichtigkeitswert, der negativ oder keine Zahl ist.</translation>
    </message>
    <message>
        <source>The suggested cuts %1 and %2 do not fit a stack of %3 layers.</source>
        <translation>Die vorgeschlagenen Grenzen %1 und %2 passen nicht zu einem Stapel mit %3 Schichten.</translation>
    </message>
    <message>
        <source>The probe&apos;s block assignment does not match its dimensions.</source>
        <translation>Die Blockzuordnung der Sonde passt nicht zu ihren Dimensionen.</translation>
    </message>
    <message>
        <source>Move the plan&apos;s cuts to the probe&apos;s suggestion: %1 | %2</source>
        <translation>Die Grenzen des Plans auf den Vorschlag der Sonde setzen: %1 | %2</translation>
    </message>
    <message>
        <source>Run or open a layer probe to get suggested cuts</source>
        <translation>Führen Sie eine Schichtsonde aus oder öffnen Sie eine, um vorgeschlagene Grenzen zu erhalten</translation>
    </message>
    <message numerus="yes">
        <source>%n decoder layer(s), layer 0 at the bottom.</source>
        <translation>
            <numerusform>%n Decoder-Schicht, Schicht 0 unten.</numerusform>
            <numerusform>%n Decoder-Schichten, Schicht 0 unten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cuts at %1 and %2.</source>
        <translation>Grenzen bei %1 und %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s) carry adapters.</source>
        <translation>
            <numerusform>%n Schicht trägt Adapter.</numerusform>
            <numerusform>%n Schichten tragen Adapter.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 peaks at layer %2</source>
        <translation>%1 hat sein Maximum in Schicht %2</translation>
    </message>
    <message>
        <source>Layer probe: %1.</source>
        <translation>Schichtsonde: %1.</translation>
    </message>
    <message>
        <source>Suggested cuts at %1 and %2.</source>
        <translation>Vorgeschlagene Grenzen bei %1 und %2.</translation>
    </message>
    <message>
        <source>Up and Down move the focus, Space toggles a layer, plus and minus move the nearest cut.</source>
        <translation>Auf und Ab bewegen den Fokus, Leertaste schaltet eine Schicht um, Plus und Minus verschieben die nächste Grenze.</translation>
    </message>
    <message>
        <source>Layer %1 · %2</source>
        <translation>Schicht %1 · %2</translation>
    </message>
    <message>
        <source>%1 of %2&apos;s ablation effect (the drop in preference margin when the layer is removed)</source>
        <translation>%1 des Ablationseffekts von %2 (der Rückgang der Präferenzmarge, wenn die Schicht entfernt wird)</translation>
    </message>
    <message>
        <source>%1 of %2&apos;s DPO gradient (how strongly the first training step pulls on the layer)</source>
        <translation>%1 des DPO-Gradienten von %2 (wie stark der erste Trainingsschritt an der Schicht zieht)</translation>
    </message>
    <message>
        <source>Under the suggested cuts this layer is in the %1 block.</source>
        <translation>Unter den vorgeschlagenen Grenzen liegt diese Schicht im %1en Block.</translation>
    </message>
    <message>
        <source>%1: each cell is the layer&apos;s share of this dimension&apos;s importance; all columns share one colour scale.</source>
        <translation>%1: Jede Zelle ist der Anteil der Schicht an der Wichtigkeit dieser Dimension; alle Spalten teilen eine Farbskala.</translation>
    </message>
    <message>
        <source>Assigned to the %1 block (layers %2–%3) under the suggested cuts.</source>
        <translation>Unter den vorgeschlagenen Grenzen dem %1en Block zugeordnet (Schichten %2–%3).</translation>
    </message>
    <message>
        <source>mid</source>
        <translation>mitte</translation>
    </message>
    <message>
        <source>Probe colour: each layer&apos;s share of the dimension&apos;s ablation effect (margin drop when removed)</source>
        <translation>Sondenfarbe: Anteil jeder Schicht am Ablationseffekt der Dimension (Margenrückgang beim Entfernen)</translation>
    </message>
    <message>
        <source>Probe colour: each layer&apos;s share of the dimension&apos;s DPO gradient at step 0</source>
        <translation>Sondenfarbe: Anteil jeder Schicht am DPO-Gradienten der Dimension in Schritt 0</translation>
    </message>
    <message>
        <source>suggested cuts %1 | %2</source>
        <translation>vorgeschlagene Grenzen %1 | %2</translation>
    </message>
    <message>
        <source>current cuts %1 | %2</source>
        <translation>aktuelle Grenzen %1 | %2</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::LensView</name>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <source>Pick a pair or type a prompt, then Read: each layer&apos;s read-out through the final norm and head shows here, beside its row.</source>
        <translation>Wählen Sie ein Paar oder tippen Sie einen Prompt ein, dann Lesen: Was jede Schicht durch die letzte Normierung und den Kopf ergibt, erscheint hier neben ihrer Zeile.</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::MetricsPlot</name>
    <message>
        <source>Image (PNG)…</source>
        <translation>Bild (PNG)…</translation>
    </message>
    <message>
        <source>Vector image (SVG)…</source>
        <translation>Vektorgrafik (SVG)…</translation>
    </message>
    <message>
        <source>Document (PDF)…</source>
        <translation>Dokument (PDF)…</translation>
    </message>
    <message>
        <source>Data (CSV)…</source>
        <translation>Daten (CSV)…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export the training curves</source>
        <translation>Trainingskurven exportieren</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>DPO loss</source>
        <translation>DPO-Verlust</translation>
    </message>
    <message>
        <source>Reward margin (chosen − rejected)</source>
        <translation>Belohnungsabstand</translation>
    </message>
    <message>
        <source>Reward accuracy</source>
        <translation>Belohnungsgenauigkeit</translation>
    </message>
    <message>
        <source>Rewards: chosen vs rejected</source>
        <translation>Belohnungen: bevorzugt/abgelehnt</translation>
    </message>
    <message>
        <source>Log-probs: chosen vs rejected</source>
        <translation>Log-Probs: bevorzugt/abgelehnt</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>Gradientennorm</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Throughput (tokens/s)</source>
        <translation>Durchsatz (Token/s)</translation>
    </message>
    <message>
        <source>Smoothing %1</source>
        <translation>Glättung %1</translation>
    </message>
    <message>
        <source>Exponential moving average of the training curves; 0 shows the raw values</source>
        <translation>Exponentieller gleitender Mittelwert der Trainingskurven; 0 zeigt die Rohwerte</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>Alles einpassen</translation>
    </message>
    <message>
        <source>Show all data again and follow new steps (or double-click a panel)</source>
        <translation>Wieder alle Daten zeigen und neuen Schritten folgen (oder auf ein Diagramm doppelklicken)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Save the curves as PNG, SVG or PDF, or the numbers as CSV</source>
        <translation>Die Kurven als PNG, SVG oder PDF speichern, oder die Zahlen als CSV</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · double-click: fit · hover: values</source>
        <translation>Mausrad: Zoom · Ziehen: Verschieben · Doppelklick: Einpassen · Darüberfahren: Werte</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>bevorzugt</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>eval</source>
        <translation>Eval</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>%1 (eval)</source>
        <translation>%1 (Eval)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source> (smoothed %1)</source>
        <translation> (geglättet %1)</translation>
    </message>
    <message>
        <source> at step %1</source>
        <translation> bei Schritt %1</translation>
    </message>
    <message>
        <source>%1 — step %2</source>
        <translation>%1 — Schritt %2</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>Trainingskurven</translation>
    </message>
    <message>
        <source>Judged score of the answers</source>
        <translation>Bewertung der Antworten</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SamplesView</name>
    <message>
        <source>No answers yet. Set &quot;Answer prompts every&quot; in the training settings, or open a run that answered prompts.</source>
        <translation>Noch keine Antworten. Stellen Sie „Prompts beantworten alle“ in den Trainingseinstellungen ein oder öffnen Sie einen Lauf, der Prompts beantwortet hat.</translation>
    </message>
    <message>
        <source>Click a chip to read its answer beside the one before it.</source>
        <translation>Klicken Sie auf ein Feld, um seine Antwort neben der vorherigen zu lesen.</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Step %1: %2</source>
        <translation>Schritt %1: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Step %1:&lt;/b&gt;</source>
        <translation>&lt;b&gt;Schritt %1:&lt;/b&gt;</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <source>Judge (%1): %2 — %3</source>
        <translation>Bewertung (%1): %2 — %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;Step %1 before:&lt;/b&gt;</source>
        <translation>&lt;b&gt;Davor, Schritt %1:&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Answers of</source>
        <translation>Antworten von</translation>
    </message>
    <message>
        <source>One row per held-out prompt, one chip per sampled step: green correct, red wrong, amber unreadable, grey not judged; an outline marks an answer that changed. Click a chip to read it.</source>
        <translation>Eine Zeile pro zurückgehaltenem Prompt, ein Feld pro Stichprobenschritt: grün richtig, rot falsch, gelb unlesbar, grau unbewertet; ein Rahmen markiert eine geänderte Antwort. Klicken Sie auf ein Feld, um sie zu lesen.</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SweepChart</name>
    <message>
        <source>Mean score with 95% interval</source>
        <translation>Mittlere Bewertung mit 95-%-Intervall</translation>
    </message>
    <message>
        <source>Mean score (%1) with 95% interval</source>
        <translation>Mittlere Bewertung (%1) mit 95-%-Intervall</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>tax</source>
        <translation>Steuer</translation>
    </message>
    <message>
        <source>Mean score with %1 interval</source>
        <translation>Mittlere Bewertung mit %1-Intervall</translation>
    </message>
    <message>
        <source>Mean score (%1) with %2 interval</source>
        <translation>Mittlere Bewertung (%1) mit %2-Intervall</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SweepExport</name>
    <message>
        <source>Strategy sweep: %1</source>
        <translation>Strategie-Sweep: %1</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>mean [95% interval]</source>
        <translation>Mittelwert [95-%-Intervall]</translation>
    </message>
    <message>
        <source>win rate vs Base</source>
        <translation>Gewinnrate gegen Basis</translation>
    </message>
    <message>
        <source>tax</source>
        <translation>Steuer</translation>
    </message>
    <message>
        <source>Mean score per strategy and dimension with its 95% bootstrap interval; win rate: the share of prompts on which the strategy beat Base (ties count one half).</source>
        <translation>Mittlere Bewertung je Strategie und Dimension mit 95-%-Bootstrap-Intervall; Gewinnrate: Anteil der Prompts, bei denen die Strategie die Basis schlug (Unentschieden zählen halb).</translation>
    </message>
    <message>
        <source>Tax (red): alignment tax, the upper end of the strategy&apos;s interval lies below Base&apos;s mean on that dimension.</source>
        <translation>Steuer (rot): Alignment-Steuer, das obere Ende des Intervalls der Strategie liegt auf dieser Dimension unter dem Mittelwert der Basis.</translation>
    </message>
    <message>
        <source>Mean score per dimension and strategy</source>
        <translation>Mittlere Bewertung je Dimension und Strategie</translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Could not draw the chart of the sweep report.</source>
        <translation>Das Diagramm des Sweep-Berichts konnte nicht gezeichnet werden.</translation>
    </message>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>%1 konnte nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Could not copy %1 to %2.</source>
        <translation>%1 konnte nicht nach %2 kopiert werden.</translation>
    </message>
    <message>
        <source>Could not read %1: %2.</source>
        <translation>%1 konnte nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>Could not write %1 from %2: %3</source>
        <translation>%1 konnte nicht aus %2 geschrieben werden: %3</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>Warnung:</translation>
    </message>
    <message>
        <source>mean [%1 interval]</source>
        <translation>Mittelwert [%1-Intervall]</translation>
    </message>
    <message>
        <source>Δ vs Base [%1 interval]</source>
        <translation>Δ gegen Basis [%1-Intervall]</translation>
    </message>
    <message>
        <source>Mean score per strategy and dimension with its %1 interval; Δ vs Base: the mean paired difference to Base on the same prompts and seeds with its %1 interval; win rate: the share of prompts on which the strategy beat Base (ties count one half), with the wins (W), ties (T) and losses (L).</source>
        <translation>Mittlere Bewertung je Strategie und Dimension mit %1-Intervall; Δ gegen Basis: mittlere gepaarte Differenz zur Basis auf denselben Prompts und Seeds mit %1-Intervall; Gewinnrate: Anteil der Prompts, bei denen die Strategie die Basis schlug (Unentschieden zählen halb), mit den Siegen (S), Unentschieden (U) und Niederlagen (N).</translation>
    </message>
    <message>
        <source>Tax (red): alignment tax, the whole interval of the paired difference to Base lies below zero on that dimension.</source>
        <translation>Steuer (rot): Alignment-Steuer, das gesamte Intervall der gepaarten Differenz zur Basis liegt auf dieser Dimension unter null.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SweepReport</name>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Could not read %1: %2.</source>
        <translation>%1 konnte nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>%1 is missing, although the report does not list its task as missing.</source>
        <translation>%1 fehlt, obwohl der Bericht die Aufgabe nicht als fehlend aufführt.</translation>
    </message>
    <message>
        <source>The sweep folder %1 does not exist.</source>
        <translation>Der Sweep-Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is missing: collect the sweep first (hialign-cli sweep --collect).</source>
        <translation>%1 fehlt: Sammeln Sie zuerst die Ergebnisse des Sweeps (hialign-cli sweep --collect).</translation>
    </message>
    <message>
        <source>%1: &quot;score_max&quot; must be greater than &quot;score_min&quot;.</source>
        <translation>%1: „score_max“ muss größer als „score_min“ sein.</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
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
        <translation>Grammatik</translation>
    </message>
    <message>
        <source>Logic</source>
        <translation>Logik</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>Fakten</translation>
    </message>
    <message>
        <source>%1 [%2, %3]</source>
        <translation>%1 [%2; %3]</translation>
    </message>
    <message>
        <source>seed sd %1</source>
        <translation>Seed-SD %1</translation>
    </message>
    <message numerus="yes">
        <source>%n unparsed</source>
        <translation>
            <numerusform>%n nicht auswertbar</numerusform>
            <numerusform>%n nicht auswertbar</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 bei %2</translation>
    </message>
    <message>
        <source>No parsed score: the mean cannot be computed.</source>
        <translation>Keine auswertbare Bewertung: Der Mittelwert lässt sich nicht berechnen.</translation>
    </message>
    <message>
        <source>Mean %1; no interval could be computed.</source>
        <translation>Mittelwert %1; kein Intervall berechenbar.</translation>
    </message>
    <message>
        <source>Mean %1, 95% bootstrap interval %2 to %3.</source>
        <translation>Mittelwert %1, 95-%-Bootstrap-Intervall %2 bis %3.</translation>
    </message>
    <message>
        <source>seed %1: %2</source>
        <translation>Seed %1: %2</translation>
    </message>
    <message>
        <source>Per seed: %1 (standard deviation %2).</source>
        <translation>Je Seed: %1 (Standardabweichung %2).</translation>
    </message>
    <message>
        <source>Mean response length %1 tokens; length–score correlation %2.</source>
        <translation>Mittlere Antwortlänge %1 Tokens; Korrelation Länge–Bewertung %2.</translation>
    </message>
    <message>
        <source>Base is the reference the other strategies are compared with.</source>
        <translation>Die Basis ist die Referenz, mit der die anderen Strategien verglichen werden.</translation>
    </message>
    <message>
        <source>No prompt was judged for both this strategy and Base.</source>
        <translation>Kein Prompt wurde sowohl für diese Strategie als auch für die Basis bewertet.</translation>
    </message>
    <message>
        <source>Share of prompts where the judge preferred %1 over Base, asked in both orders; disagreeing orders count as a tie (one half).</source>
        <translation>Anteil der Prompts, bei denen der Bewerter %1 der Basis vorzog, in beiden Reihenfolgen gefragt; widersprechen sich die Reihenfolgen, zählt es als Unentschieden (halb).</translation>
    </message>
    <message>
        <source>Share of prompts where %1 scored higher than Base; a tie counts one half.</source>
        <translation>Anteil der Prompts, bei denen %1 besser bewertet wurde als die Basis; Unentschieden zählen halb.</translation>
    </message>
    <message>
        <source>Alignment tax: even the upper end of %1&apos;s 95% interval on %2 lies below Base&apos;s mean, so training made this dimension significantly worse.</source>
        <translation>Alignment-Steuer: Selbst das obere Ende des 95-%-Intervalls von %1 bei %2 liegt unter dem Mittelwert der Basis; das Training hat diese Dimension signifikant verschlechtert.</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Judge: %1</source>
        <translation>Bewerter: %1</translation>
    </message>
    <message>
        <source>scores %1</source>
        <translation>Bewertungen %1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <source>seeds %1</source>
        <translation>Seeds %1</translation>
    </message>
    <message numerus="yes">
        <source>up to %n judgment(s) per cell</source>
        <translation>
            <numerusform>bis zu %n Bewertung je Zelle</numerusform>
            <numerusform>bis zu %n Bewertungen je Zelle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) had not finished when the report was collected and are left out: %1.</source>
        <translation>
            <numerusform>%n Aufgabe war beim Sammeln des Berichts nicht fertig und fehlt: %1.</numerusform>
            <numerusform>%n Aufgaben waren beim Sammeln des Berichts nicht fertig und fehlen: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Judgments: %n</source>
        <translation>
            <numerusform>Bewertungen: %n</numerusform>
            <numerusform>Bewertungen: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Judge replies without a valid rating: %n (left out of the mean).</source>
        <translation>
            <numerusform>Antworten des Bewerters ohne gültige Note: %n (nicht im Mittelwert).</numerusform>
            <numerusform>Antworten des Bewerters ohne gültige Note: %n (nicht im Mittelwert).</numerusform>
        </translation>
    </message>
    <message>
        <source>Mean %1, %2 interval %3 to %4 (%5).</source>
        <translation>Mittelwert %1, %2-Intervall %3 bis %4 (%5).</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 W · %2 T · %3 L</source>
        <translation>%1 S · %2 U · %3 N</translation>
    </message>
    <message>
        <source>Wins %1, ties %2, losses %3.</source>
        <translation>Siege %1, Unentschieden %2, Niederlagen %3.</translation>
    </message>
    <message numerus="yes">
        <source>Pairwise verdicts without a valid answer: %n (left out of the rate).</source>
        <translation>
            <numerusform>Paarweise Urteile ohne gültige Antwort: %n (nicht in der Gewinnrate).</numerusform>
            <numerusform>Paarweise Urteile ohne gültige Antwort: %n (nicht in der Gewinnrate).</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt; %1</source>
        <translation>&lt; %1</translation>
    </message>
    <message>
        <source>%1 pts</source>
        <translation>%1 Pp.</translation>
    </message>
    <message>
        <source>This report (version 1) has no paired differences to Base; collect the sweep again (hialign-cli sweep --collect) for them.</source>
        <translation>Dieser Bericht (Version 1) enthält keine gepaarten Differenzen zur Basis; sammeln Sie dafür die Ergebnisse des Sweeps erneut (hialign-cli sweep --collect).</translation>
    </message>
    <message>
        <source>%1 against Base on %2, paired on the same prompts and seeds.</source>
        <translation>%1 gegen die Basis bei %2, gepaart auf denselben Prompts und Seeds.</translation>
    </message>
    <message>
        <source>%1 percentage points</source>
        <translation>%1 Prozentpunkte</translation>
    </message>
    <message>
        <source>No paired difference could be computed.</source>
        <translation>Keine gepaarte Differenz berechenbar.</translation>
    </message>
    <message>
        <source>Mean difference %1; no interval could be computed.</source>
        <translation>Mittlere Differenz %1; kein Intervall berechenbar.</translation>
    </message>
    <message>
        <source>Mean difference %1, %2 interval %3 to %4.</source>
        <translation>Mittlere Differenz %1, %2-Intervall %3 bis %4.</translation>
    </message>
    <message>
        <source>Paired items (seed × prompt): %1.</source>
        <translation>Gepaarte Einheiten (Seed × Prompt): %1.</translation>
    </message>
    <message>
        <source>%1: no p-value (not computable for these pairs).</source>
        <translation>Kein p-Wert (%1; für diese Paare nicht berechenbar).</translation>
    </message>
    <message>
        <source>%1: p = %2.</source>
        <translation>p = %2 (%1).</translation>
    </message>
    <message>
        <source>Adjusted (%1): p = %2.</source>
        <translation>Adjustiert (%1): p = %2.</translation>
    </message>
    <message>
        <source>Significant at α = %1 after the correction (marked %2).</source>
        <translation>Nach der Korrektur signifikant bei α = %1 (markiert mit %2).</translation>
    </message>
    <message>
        <source>Not significant at α = %1 after the correction.</source>
        <translation>Nach der Korrektur nicht signifikant bei α = %1.</translation>
    </message>
    <message>
        <source>bootstrap over seeds, then prompts</source>
        <translation>Bootstrap über Seeds, dann Prompts</translation>
    </message>
    <message>
        <source>bootstrap over prompts</source>
        <translation>Bootstrap über Prompts</translation>
    </message>
    <message>
        <source>bootstrap</source>
        <translation>Bootstrap</translation>
    </message>
    <message>
        <source>McNemar&apos;s exact test</source>
        <translation>exakter McNemar-Test</translation>
    </message>
    <message>
        <source>sign test</source>
        <translation>Vorzeichentest</translation>
    </message>
    <message>
        <source>paired test</source>
        <translation>gepaarter Test</translation>
    </message>
    <message>
        <source>Holm correction</source>
        <translation>Holm-Korrektur</translation>
    </message>
    <message>
        <source>no correction</source>
        <translation>keine Korrektur</translation>
    </message>
    <message>
        <source>%1 correction</source>
        <translation>%1-Korrektur</translation>
    </message>
    <message>
        <source>%1 over one comparison, α = %2</source>
        <translation>%1 über einen Vergleich, α = %2</translation>
    </message>
    <message>
        <source>%1 over %2 comparisons, α = %3</source>
        <translation>%1 über %2 Vergleiche, α = %3</translation>
    </message>
    <message>
        <source>%1, α = %2</source>
        <translation>%1, α = %2</translation>
    </message>
    <message>
        <source>Alignment tax: the whole %1 interval of %2&apos;s paired difference to Base on %3 lies below zero, so training made this dimension worse.</source>
        <translation>Alignment-Steuer: Das gesamte %1-Intervall der gepaarten Differenz von %2 zur Basis bei %3 liegt unter null; das Training hat diese Dimension verschlechtert.</translation>
    </message>
    <message>
        <source>This report (version 1) has no paired differences or significance tests; collect the sweep again (hialign-cli sweep --collect) for them.</source>
        <translation>Dieser Bericht (Version 1) enthält weder gepaarte Differenzen noch Signifikanztests; sammeln Sie dafür die Ergebnisse des Sweeps erneut (hialign-cli sweep --collect).</translation>
    </message>
    <message>
        <source>Intervals: %1 %2</source>
        <translation>Intervalle: %1, %2</translation>
    </message>
    <message>
        <source>%1 (%2 resamples)</source>
        <translation>%1 (%2 Stichproben)</translation>
    </message>
    <message>
        <source>Δ vs Base: mean paired difference on the same prompts and seeds, %1; %2 significant after %3.</source>
        <translation>Δ gegen Basis: mittlere gepaarte Differenz auf denselben Prompts und Seeds, %1; %2 signifikant nach Korrektur (%3).</translation>
    </message>
</context>
<context>
    <name>hialign::widgets::SweepView</name>
    <message>
        <source>Run sweep…</source>
        <translation>Sweep starten…</translation>
    </message>
    <message>
        <source>Train, generate and judge every strategy in a new sweep folder</source>
        <translation>Jede Strategie in einem neuen Sweep-Ordner trainieren, generieren und bewerten</translation>
    </message>
    <message>
        <source>Open sweep…</source>
        <translation>Sweep öffnen…</translation>
    </message>
    <message>
        <source>Open a sweep folder written by hialign-cli sweep</source>
        <translation>Einen von hialign-cli sweep geschriebenen Sweep-Ordner öffnen</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Read the sweep folder again (after hialign-cli sweep --collect)</source>
        <translation>Den Sweep-Ordner neu einlesen (nach hialign-cli sweep --collect)</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>Bericht exportieren…</translation>
    </message>
    <message>
        <source>Mean score with its 95% bootstrap interval, and the share of prompts won against Base. Red cells: alignment tax (significantly worse than Base). Select a score to see the generations behind it.</source>
        <translation>Mittlere Bewertung mit 95-%-Bootstrap-Intervall und Anteil der gegen die Basis gewonnenen Prompts. Rote Zellen: Alignment-Steuer (signifikant schlechter als die Basis). Wählen Sie eine Bewertung, um die Generierungen dahinter zu sehen.</translation>
    </message>
    <message>
        <source>Mean score per dimension</source>
        <translation>Mittlere Bewertung je Dimension</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Base score</source>
        <translation>Bewertung Basis</translation>
    </message>
    <message>
        <source>vs Base</source>
        <translation>gegen Basis</translation>
    </message>
    <message>
        <source>Strategy sweep</source>
        <translation>Strategie-Sweep</translation>
    </message>
    <message>
        <source>No sweep open</source>
        <translation>Kein Sweep geöffnet</translation>
    </message>
    <message>
        <source>win</source>
        <translation>gewonnen</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>verloren</translation>
    </message>
    <message>
        <source>tie</source>
        <translation>unentschieden</translation>
    </message>
    <message>
        <source>unparsed</source>
        <translation>nicht auswertbar</translation>
    </message>
    <message>
        <source>Choose a sweep folder</source>
        <translation>Sweep-Ordner wählen</translation>
    </message>
    <message>
        <source>Strategy sweep: %1</source>
        <translation>Strategie-Sweep: %1</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>%1
mean [95% interval]</source>
        <translation>%1
Mittelwert [95-%-Intervall]</translation>
    </message>
    <message>
        <source>Mean score in percent, with its 95% bootstrap interval</source>
        <translation>Mittlere Bewertung in Prozent mit 95-%-Bootstrap-Intervall</translation>
    </message>
    <message>
        <source>Mean score on the %1 scale, with its 95% bootstrap interval</source>
        <translation>Mittlere Bewertung auf der Skala %1 mit 95-%-Bootstrap-Intervall</translation>
    </message>
    <message>
        <source>%1
win rate vs Base</source>
        <translation>%1
Gewinnrate gegen Basis</translation>
    </message>
    <message>
        <source>Share of prompts on which the strategy beat Base (ties count one half)</source>
        <translation>Anteil der Prompts, bei denen die Strategie die Basis schlug (Unentschieden zählen halb)</translation>
    </message>
    <message>
        <source>%1: the model without adapters, the reference</source>
        <translation>%1: das Modell ohne Adapter, die Referenz</translation>
    </message>
    <message>
        <source>The report has no row for %1 on %2.</source>
        <translation>Der Bericht hat keine Zeile für %1 bei %2.</translation>
    </message>
    <message>
        <source>%1 on %2: no generations in the sweep folder</source>
        <translation>%1 bei %2: keine Generierungen im Sweep-Ordner</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %2: %n generation(s)</source>
        <translation>
            <numerusform>%1 bei %2: %n Generierung</numerusform>
            <numerusform>%1 bei %2: %n Generierungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Score:</source>
        <translation>Bewertung:</translation>
    </message>
    <message>
        <source>%1 · seed %2</source>
        <translation>%1 · Seed %2</translation>
    </message>
    <message>
        <source>Base has no generation for this prompt in the sweep folder.</source>
        <translation>Die Basis hat im Sweep-Ordner keine Generierung für diesen Prompt.</translation>
    </message>
    <message>
        <source>no verdict</source>
        <translation>kein Urteil</translation>
    </message>
    <message>
        <source>Pairwise against Base:</source>
        <translation>Paarweise gegen die Basis:</translation>
    </message>
    <message>
        <source>first order: %1, swapped: %2</source>
        <translation>erste Reihenfolge: %1, vertauscht: %2</translation>
    </message>
    <message>
        <source>Open a sweep folder before exporting its report.</source>
        <translation>Öffnen Sie einen Sweep-Ordner, bevor Sie seinen Bericht exportieren.</translation>
    </message>
    <message>
        <source>Choose a folder for the report</source>
        <translation>Ordner für den Bericht wählen</translation>
    </message>
    <message>
        <source>Run a sweep (Run sweep…) or open a sweep folder to see its table and charts.
hialign-cli sweep runs the same sweeps from a terminal or a cluster (see docs/SWEEP.md).</source>
        <translation>Starten Sie einen Sweep („Sweep starten…“) oder öffnen Sie einen Sweep-Ordner, um Tabelle und Diagramme zu sehen.
hialign-cli sweep führt dieselben Sweeps im Terminal oder auf einem Cluster aus (siehe docs/SWEEP.md).</translation>
    </message>
    <message>
        <source>%1 of %2 tasks</source>
        <translation>%1 von %2 Aufgaben</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>Stop sweep</source>
        <translation>Sweep anhalten</translation>
    </message>
    <message>
        <source>Stop after the current step; running the same sweep again resumes it</source>
        <translation>Nach dem aktuellen Schritt anhalten; derselbe Sweep setzt beim nächsten Start fort</translation>
    </message>
    <message>
        <source>Write summary.html and summary.pdf (this view&apos;s table and chart) with the sweep&apos;s report.html, report.csv and report.json into a folder</source>
        <translation>summary.html und summary.pdf (Tabelle und Diagramm dieser Ansicht) zusammen mit report.html, report.csv und report.json des Sweeps in einen Ordner schreiben</translation>
    </message>
    <message>
        <source>Mean score with its %1 interval; Δ vs Base: the mean paired difference to Base with its %1 interval; win rate against Base with its wins (W), ties (T) and losses (L). Red cells: alignment tax (the paired difference&apos;s interval lies wholly below zero). Select a score to see the generations behind it.</source>
        <translation>Mittlere Bewertung mit %1-Intervall; Δ gegen Basis: mittlere gepaarte Differenz zur Basis mit %1-Intervall; Gewinnrate gegen die Basis mit Siegen (S), Unentschieden (U) und Niederlagen (N). Rote Zellen: Alignment-Steuer (das Intervall der gepaarten Differenz liegt ganz unter null). Wählen Sie eine Bewertung, um die Generierungen dahinter zu sehen.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Warning:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Warnung:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>%1
mean [%2 interval]</source>
        <translation>%1
Mittelwert [%2-Intervall]</translation>
    </message>
    <message>
        <source>Mean score in percent, with its %1 interval (%2)</source>
        <translation>Mittlere Bewertung in Prozent mit %1-Intervall (%2)</translation>
    </message>
    <message>
        <source>Mean score on the %1 scale, with its %2 interval (%3)</source>
        <translation>Mittlere Bewertung auf der Skala %1 mit %2-Intervall (%3)</translation>
    </message>
    <message>
        <source>%1
Δ vs Base [%2 interval]</source>
        <translation>%1
Δ gegen Basis [%2-Intervall]</translation>
    </message>
    <message>
        <source>This report (version 1) has no paired differences to Base; collect the sweep again (hialign-cli sweep --collect) for them.</source>
        <translation>Dieser Bericht (Version 1) enthält keine gepaarten Differenzen zur Basis; sammeln Sie dafür die Ergebnisse des Sweeps erneut (hialign-cli sweep --collect).</translation>
    </message>
    <message>
        <source>Mean paired difference to Base on the same prompts and seeds in percentage points, with its %1 interval; %2: significant by %3 after %4</source>
        <translation>Mittlere gepaarte Differenz zur Basis auf denselben Prompts und Seeds in Prozentpunkten mit %1-Intervall; %2: signifikant (%3; %4)</translation>
    </message>
    <message>
        <source>Mean paired difference to Base on the same prompts and seeds, with its %1 interval; %2: significant by %3 after %4</source>
        <translation>Mittlere gepaarte Differenz zur Basis auf denselben Prompts und Seeds mit %1-Intervall; %2: signifikant (%3; %4)</translation>
    </message>
    <message>
        <source>Share of prompts on which the strategy beat Base (ties count one half), with the wins (W), ties (T) and losses (L) behind it</source>
        <translation>Anteil der Prompts, bei denen die Strategie die Basis schlug (Unentschieden zählen halb), mit den zugrunde liegenden Siegen (S), Unentschieden (U) und Niederlagen (N)</translation>
    </message>
    <message>
        <source>Wrote summary.html, summary.pdf, report.html, report.csv and report.json to %1.</source>
        <translation>summary.html, summary.pdf, report.html, report.csv und report.json nach %1 geschrieben.</translation>
    </message>
</context>
</TS>
