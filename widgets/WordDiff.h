// Word-level difference between two generations (longest common
// subsequence over whitespace-separated words), for highlighting what an
// adapter changed compared with the base model.
#pragma once

#include <QList>
#include <QString>

namespace hialign::widgets {

class WordDiff {
public:
    struct Token {
        QString text;       // the word with the whitespace that follows it
        bool changed = false;   // not part of the common subsequence with the base
    };
    // The words of `other`, each marked whether it differs from `base`.
    static QList<Token> compare(const QString& base, const QString& other);
    // HTML of the tokens with changed words on a highlight background.
    static QString toHtml(const QList<Token>& tokens, const QString& highlight);
    // Splits text into words with their trailing whitespace (leading whitespace kept on the first).
    static QStringList words(const QString& text);
};

} // namespace hialign::widgets
