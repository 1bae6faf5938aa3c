// Paths between Qt and the core: a QString the user typed or Qt gave, as the
// std::filesystem::path the core takes, and back, in the file system's
// encoding (QFile::encodeName / decodeName). Header-only; no LibTorch.
#pragma once

#include <QFile>
#include <QString>

#include <filesystem>

namespace hialign::widgets {

inline std::filesystem::path toPath(const QString& text)
{
    return std::filesystem::path(QFile::encodeName(text).toStdString());
}

inline QString fromPath(const std::filesystem::path& path)
{
    return QFile::decodeName(path.string().c_str());
}

} // namespace hialign::widgets
