#include "widgets/WordDiff.h"

#include <vector>

namespace hialign::widgets {

QStringList WordDiff::words(const QString& text)
{
    QStringList out;
    QString current;
    bool inSpace = false;
    for (const QChar c : text) {
        if (c.isSpace()) {
            inSpace = true;
        } else if (inSpace && !current.trimmed().isEmpty()) {
            out << current;
            current.clear();
            inSpace = false;
        } else {
            inSpace = false;
        }
        current += c;
    }
    if (!current.isEmpty())
        out << current;
    return out;
}

QList<WordDiff::Token> WordDiff::compare(const QString& base, const QString& other)
{
    const QStringList a = words(base);
    const QStringList b = words(other);
    const auto n = static_cast<std::size_t>(a.size());
    const auto m = static_cast<std::size_t>(b.size());
    // lcs[i][j]: LCS length of a[i:] and b[j:], comparing words without whitespace.
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[i][j] = a[int(i)].trimmed() == b[int(j)].trimmed() ? lcs[i + 1][j + 1] + 1
                                                                   : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    QList<Token> tokens;
    std::size_t i = 0, j = 0;
    while (j < m) {
        if (i < n && a[int(i)].trimmed() == b[int(j)].trimmed()) {
            tokens.append({b[int(j)], false});
            ++i;
            ++j;
        } else if (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            ++i;
        } else {
            tokens.append({b[int(j)], true});
            ++j;
        }
    }
    return tokens;
}

QString WordDiff::toHtml(const QList<Token>& tokens, const QString& highlight)
{
    QString html;
    for (const auto& t : tokens) {
        const QString word = t.text.trimmed().toHtmlEscaped();
        const int lead = t.text.indexOf(t.text.trimmed());
        const QString before = t.text.left(std::max(0, lead)).toHtmlEscaped();
        const QString after = t.text.mid(lead + t.text.trimmed().size()).toHtmlEscaped();
        html += before;
        if (t.changed && !word.isEmpty())
            html += QStringLiteral("<span style=\"background-color:%1\">%2</span>").arg(highlight, word);
        else
            html += word;
        html += after;
    }
    html.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return html;
}

} // namespace hialign::widgets
