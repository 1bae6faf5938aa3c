// Escaping for the text files the core writes: CSV fields (RFC 4180) and
// HTML/SVG text and attribute values. Plain C++.
#pragma once

#include <string>

namespace hialign::util {

// A CSV field: as is, or quoted with inner quotes doubled when it holds a
// comma, a quote or a newline.
inline std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// Text for HTML or SVG, in an element or a double-quoted attribute.
inline std::string htmlEscape(const std::string& s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace hialign::util
