#!/usr/bin/env python3
"""Parity: our tokenizers encode and decode as Hugging Face's and sentencepiece's.

For each fixture tokenizer, a seeded generator makes N random strings (mixed
scripts, emoji and ZWJ sequences, combining marks, whitespace runs, control
characters, the tokenizer's added/special tokens written in the text, ...),
and the fixture's own cases.jsonl strings are added. Then:
  ids      hialign-cli tokenize DIR --no-special   vs   theirs.encode(text)
  specials hialign-cli tokenize DIR                vs   theirs.encode(text) with special tokens
  decode   hialign-cli tokenize DIR --decode       vs   theirs.decode(ids) on their ids
  random   the same decode on random id sequences (special and out-of-range ids
           included), also with --skip-special
must be identical. "theirs" is the Rust `tokenizers` library on tokenizer.json
(llama3, qwen) and the `sentencepiece` package on stories260k's
tokenizer.model (there the random ids are ordinary pieces only: sentencepiece
decodes control and unknown ids its own way, not as transformers does).
Each hialign-cli mode runs as one process over all strings.

Usage: tokenizers_fuzz.py --cli PATH --fixtures DIR [--count N] [--seed S] [--only NAME]
Prints counts per tokenizer and the first failing strings (repr, and the
position where the ids first differ); exit 1 on any mismatch.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

SHOW = 5            # failing strings printed per check
RANDOM_ID_ROWS = 2000

# Pieces the generator draws from.
WORDS = ["the", "The", "HELLO", "world", "don't", "I'm", "we've", "They'LL", "it'S", "Hello,",
         "café", "naïve", "Straße", "Œuvre", "déjà", "ﬁne", "x²", "½", "Ⅻ", "résumé", "int main()",
         "foo_bar", "http://example.com/a?b=c&d=e", "1234567", "3.14159", "-42", "1,000,000", "0x1F",
         "привет", "Ελληνικά", "中文字符", "日本語のテキスト", "カタカナ", "한국어 문장", "مرحبا بالعالم",
         "שלום", "हिन्दी", "ภาษาไทย", "ქართული", "Հայերեն", "አማርኛ", "ᚠᛇᚻ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝟘𝟙𝟚",
         "ŉ", "İstanbul", "ǅ", "ﬀ", "ß", "Å", "e\u0301cole", "n\u0303", "\u1100\u1161\u11a8"]
EMOJI = ["😀", "👍", "👍🏽", "❤️", "🏳️‍🌈", "👨‍👩‍👧‍👦", "👩🏾‍💻", "🧑‍🤝‍🧑", "🇩🇪", "🇯🇵🇺🇸", "#️⃣",
         "🫠", "☺", "✌︎", "🤷‍♀️", "👁️‍🗨️", "\u200d", "\ufe0f", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"]
COMBINING = [chr(c) for c in range(0x0300, 0x0370)] + ["\u0483", "\u0591", "\u05bf", "\u0610",
                                                        "\u093c", "\u0e31", "\u20d7", "\u3099", "\ufe20"]
WHITESPACE = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", " \n ", "\u00a0", "\u3000", "\u2028",
              "\u2029", "\u2003", "\u200b", "\u0085", "\u000b", "\u000c", "\u1680", "\u202f"]
PUNCT = [".", ",", "!", "?", "...", "—", "–", "'", '"', "“", "”", "«", "»", "(", ")", "[", "]", "{",
         "}", "<", ">", "<|", "|>", "<|im_", "<|begin_of", "</s", "<s>", "</s>", "<unk>", "::", "->",
         "=>", "!=", "&&", "||", "@", "#", "$", "%", "^", "*", "~", "`", "\\", "/", "¿", "¡", "。",
         "、", "！", "？", "…", "'s", "'T", "'Re", "'ll", "'d"]


def random_codepoint(rng):
    while True:
        r = rng.random()
        if r < 0.45:
            c = rng.randrange(0x20, 0x2000)
        elif r < 0.8:
            c = rng.randrange(0x2000, 0x10000)
        else:
            c = rng.randrange(0x10000, 0x110000)
        if not 0xD800 <= c <= 0xDFFF:   # surrogates are not text
            return chr(c)


def random_string(rng, specials):
    parts = []
    for _ in range(rng.randint(1, 12)):
        r = rng.random()
        if r < 0.25:
            parts.append(rng.choice(WORDS))
        elif r < 0.35:
            parts.append(rng.choice(EMOJI))
        elif r < 0.43:
            base = rng.choice("aeiouAEIOUnxзα한")
            parts.append(base + "".join(rng.choice(COMBINING) for _ in range(rng.randint(1, 4))))
        elif r < 0.55:
            parts.append("".join(rng.choice(WHITESPACE) for _ in range(rng.randint(1, 5))))
        elif r < 0.6:
            parts.append("".join(chr(rng.choice(list(range(0, 0x20)) + [0x7F] + list(range(0x80, 0xA0))))
                                 for _ in range(rng.randint(1, 3))))
        elif r < 0.68 and specials:
            s = rng.choice(specials)
            parts.append(rng.choice(["", " ", "  ", "\n"]) + s + rng.choice(["", " ", "x", "\n"]))
        elif r < 0.78:
            parts.append(rng.choice(PUNCT))
        elif r < 0.86:
            parts.append("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 9))))
        elif r < 0.985:
            parts.append("".join(random_codepoint(rng) for _ in range(rng.randint(1, 6))))
        else:
            parts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120))))
    sep = rng.choice(["", " ", ""])
    return sep.join(parts)


def run_cli(cmd, rows):
    """Feeds JSON lines to one hialign-cli process and returns its JSON lines."""
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    p = subprocess.run(cmd, input=payload.encode("utf-8"), capture_output=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.decode(errors='replace').strip()}")
    out = [json.loads(line) for line in p.stdout.decode("utf-8").split("\n") if line]
    if len(out) != len(rows):
        raise RuntimeError(f"{' '.join(cmd)} wrote {len(out)} lines for {len(rows)} inputs")
    return out


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


class Check:
    def __init__(self, tokenizer, name):
        self.label = f"{tokenizer}/{name}"
        self.total = self.failed = 0
        self.shown = []

    def ids(self, text, ours, theirs):
        self.total += 1
        if ours == theirs:
            return
        self.failed += 1
        if len(self.shown) < SHOW:
            i = first_difference(ours, theirs)
            self.shown.append(f"  {text!r}\n    ids differ first at position {i}: "
                              f"ours {ours[max(0, i - 2):i + 4]} theirs {theirs[max(0, i - 2):i + 4]} "
                              f"(lengths {len(ours)} / {len(theirs)})")

    def text(self, label, ours, theirs):
        self.total += 1
        if ours == theirs:
            return
        self.failed += 1
        if len(self.shown) < SHOW:
            i = first_difference(ours, theirs)
            self.shown.append(f"  {label}\n    text differs first at character {i}: "
                              f"ours {ours[max(0, i - 5):i + 10]!r} theirs {theirs[max(0, i - 5):i + 10]!r}")

    def report(self):
        print(f"{'ok  ' if self.failed == 0 else 'FAIL'} {self.label:<24} {self.total - self.failed}/{self.total} identical")
        for s in self.shown:
            print(s)
        return self.failed == 0


def hf_side(path):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(path)
    vocab = tok.get_vocab_size(with_added_tokens=True)
    added = [t.content for t in tok.get_added_tokens_decoder().values()]
    special = {i for i, t in tok.get_added_tokens_decoder().items() if t.special}

    class Side:
        specials = added
        vocab_size = vocab
        special_ids = special

        @staticmethod
        def encode(texts, add_special):
            return [e.ids for e in tok.encode_batch_fast(texts, add_special_tokens=add_special)] \
                if hasattr(tok, "encode_batch_fast") else \
                [e.ids for e in tok.encode_batch(texts, add_special_tokens=add_special)]

        @staticmethod
        def decode(rows, skip):
            return tok.decode_batch(rows, skip_special_tokens=skip)

    return Side


def spm_side(path):
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=path)
    n = sp.get_piece_size()
    ordinary = [i for i in range(n) if not (sp.is_control(i) or sp.is_unknown(i))]

    class Side:
        specials = []
        vocab_size = n
        ordinary_ids = ordinary

        @staticmethod
        def encode(texts, add_special):
            ids = sp.encode(texts)
            return [[sp.bos_id()] + x for x in ids] if add_special else ids

        @staticmethod
        def decode(rows, skip):
            return [sp.decode(r) for r in rows]

    return Side


def random_id_rows(rng, side, sentencepiece):
    rows = []
    for _ in range(RANDOM_ID_ROWS):
        n = rng.randint(0, 24)
        if sentencepiece:
            rows.append([rng.choice(side.ordinary_ids) for _ in range(n)])
            continue
        row = []
        for _ in range(n):
            r = rng.random()
            if r < 0.1 and side.special_ids:
                row.append(rng.choice(sorted(side.special_ids)))
            elif r < 0.12:
                row.append(side.vocab_size + rng.randrange(0, 1000))   # no such token
            elif r < 0.4:
                row.append(rng.randrange(0, 256))   # single bytes: partial UTF-8
            else:
                row.append(rng.randrange(0, side.vocab_size))
        rows.append(row)
    return rows


def check_tokenizer(name, source, side, cases, args, sentencepiece):
    start = time.time()
    rng = random.Random(f"{args.seed}/{name}")
    texts = [random_string(rng, side.specials) for _ in range(args.count)]
    texts += [c["text"] for c in cases]
    checks = []

    theirs = side.encode(texts, False)
    ours = [r["ids"] for r in run_cli([args.cli, "tokenize", source, "--no-special"], [{"text": t} for t in texts])]
    c = Check(name, "ids")
    for t, o, h in zip(texts, ours, theirs):
        c.ids(t, o, h)
    checks.append(c)

    # The fixtures' recorded ids (cases.jsonl) as a second reference.
    if cases:
        c = Check(name, "fixture cases")
        for case, o in zip(cases, ours[args.count:]):
            c.ids(case["text"], o, case["ids"])
        checks.append(c)

    theirs_special = side.encode(texts, True)
    ours_special = [r["ids"] for r in run_cli([args.cli, "tokenize", source], [{"text": t} for t in texts])]
    c = Check(name, "ids with specials")
    for t, o, h in zip(texts, ours_special, theirs_special):
        c.ids(t, o, h)
    checks.append(c)

    decoded = side.decode(theirs, False)
    ours_decoded = [r["text"] for r in run_cli([args.cli, "tokenize", source, "--decode"],
                                               [{"ids": ids} for ids in theirs])]
    c = Check(name, "decode")
    for t, ids, o, h in zip(texts, theirs, ours_decoded, decoded):
        c.text(f"{t!r} (ids {ids[:12]}{'...' if len(ids) > 12 else ''})", o, h)
    checks.append(c)

    rows = random_id_rows(rng, side, sentencepiece)
    for skip in ([False] if sentencepiece else [False, True]):
        cmd = [args.cli, "tokenize", source, "--decode"] + (["--skip-special"] if skip else [])
        ours_rows = [r["text"] for r in run_cli(cmd, [{"ids": r} for r in rows])]
        c = Check(name, "random ids" + (" skip-special" if skip else ""))
        for r, o, h in zip(rows, ours_rows, side.decode(rows, skip)):
            c.text(f"ids {r}", o, h)
        checks.append(c)

    ok = all([c.report() for c in checks])
    print(f"     {name}: {len(texts)} strings, {len(rows)} random id rows, {time.time() - start:.1f} s")
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--only", choices=["llama3", "qwen", "stories260k"])
    args = ap.parse_args()

    targets = [("llama3", os.path.join(args.fixtures, "tokenizers", "llama3"), "tokenizer.json"),
               ("qwen", os.path.join(args.fixtures, "tokenizers", "qwen"), "tokenizer.json"),
               ("stories260k", os.path.join(args.fixtures, "stories260k"), "tokenizer.model")]
    if args.only:
        targets = [t for t in targets if t[0] == args.only]
    missing = [os.path.join(d, f) for _, d, f in targets if not os.path.isfile(os.path.join(d, f))]
    if missing:
        print(f"SKIP: fixture missing: {', '.join(missing)}")
        return 1 if os.environ.get("CI") == "true" else 77

    ok = True
    for name, folder, file in targets:
        path = os.path.join(folder, file)
        sentencepiece = file.endswith(".model")
        side = spm_side(path) if sentencepiece else hf_side(path)
        cases = []
        for cases_file in ("cases.jsonl", "tokenizer_cases.jsonl"):
            if os.path.isfile(os.path.join(folder, cases_file)):
                with open(os.path.join(folder, cases_file), encoding="utf-8") as f:
                    cases = [json.loads(line) for line in f if line.strip()]
        ok = check_tokenizer(name, folder, side, cases, args, sentencepiece) and ok
    print("all identical" if ok else "MISMATCHES (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
