"""Prints the code-point ranges that HF's normalizers (the `tokenizers`
package, Unicode 9.0 data) leave alone but utf8proc (the installed
library, newer Unicode data) normalizes differently, as the C++ table
`kAfterUnicode9` in core/tokenize/Normalizer.cpp. Each code point is
normalized alone, after "a", before U+0334 and after U+059F with both
libraries in all four forms; any difference puts it in the table.

Usage: python normalizer_table.py [--lib /usr/lib/x86_64-linux-gnu/libutf8proc.so.2]
"""
import argparse
import ctypes

from tokenizers import normalizers

FORMS = {
    "NFC": (normalizers.NFC(), (1 << 1) | (1 << 3)),          # STABLE | COMPOSE
    "NFD": (normalizers.NFD(), (1 << 1) | (1 << 4)),          # STABLE | DECOMPOSE
    "NFKC": (normalizers.NFKC(), (1 << 1) | (1 << 3) | (1 << 2)),
    "NFKD": (normalizers.NFKD(), (1 << 1) | (1 << 4) | (1 << 2)),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default="libutf8proc.so.2")
    args = ap.parse_args()
    lib = ctypes.CDLL(args.lib)
    lib.utf8proc_map.restype = ctypes.c_ssize_t
    lib.utf8proc_map.argtypes = [ctypes.c_char_p, ctypes.c_ssize_t, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int]
    libc = ctypes.CDLL(None)

    def u8p(text, options):
        data = text.encode("utf-8")
        out = ctypes.c_void_p()
        n = lib.utf8proc_map(data, len(data), ctypes.byref(out), options)
        if n < 0:
            return None
        s = ctypes.string_at(out, n).decode("utf-8")
        libc.free(out)
        return s

    bad = []
    for cp in range(0x80, 0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        for hf, opt in FORMS.values():
            if any(hf.normalize_str(t) != u8p(t, opt) for t in (c, "a" + c, c + "\u0334", "\u059f" + c)):
                bad.append(cp)
                break
    ranges = []
    for cp in bad:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    for a, b in ranges:
        print(f"    {{0x{a:04X}, 0x{b:04X}}},")


if __name__ == "__main__":
    main()
