// One judge score shown under a response (plain copy of judge::JudgeScore).
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace hialign::widgets {

struct ScoreEntry {
    QString dimension;     // grammar, logic, facts, ...
    double score = 0.0;    // 0..1 for exact judges, 1..10 for rubric judges
    QString verdict;
    QString explanation;
};

} // namespace hialign::widgets

Q_DECLARE_METATYPE(hialign::widgets::ScoreEntry)
Q_DECLARE_METATYPE(QList<hialign::widgets::ScoreEntry>)
