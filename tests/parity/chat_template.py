#!/usr/bin/env python3
"""Parity: our chat rendering gives apply_chat_template's text and ids.

For the Llama 3 and Qwen3 fixture tokenizers (their tokenizer_config.json
carries the chat template), every conversation below is rendered with and
without the generation prompt:
  ours   hialign-cli tokenize DIR --chat   (one process for all cases)
  theirs transformers.AutoTokenizer.from_pretrained(DIR).apply_chat_template(
             messages, tokenize=False / True, add_generation_prompt=...)
Text and ids must be identical.

Usage: chat_template.py --cli PATH --fixtures DIR
Prints one line per case and "N passed, M failed"; exit 1 on any failure.
"""
import argparse
import json
import os
import subprocess
import sys

CONVERSATIONS = {
    "user": [{"role": "user", "content": "What is the capital of France?"}],
    "system+user": [{"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "Name a colour."}],
    "user/assistant/user": [{"role": "user", "content": "Hi there"},
                            {"role": "assistant", "content": "Hello! How can I help?"},
                            {"role": "user", "content": "Tell me a joke."}],
    "system+user/assistant/user": [{"role": "system", "content": "Be kind."},
                                   {"role": "user", "content": "2+2?"},
                                   {"role": "assistant", "content": "4"},
                                   {"role": "user", "content": "And 3+3?"}],
    "ends with assistant": [{"role": "user", "content": "Say yes."},
                            {"role": "assistant", "content": "Yes."}],
    "whitespace at the edges": [{"role": "system", "content": "  padded system \n"},
                                {"role": "user", "content": "\u00a0\u3000 no-break and ideographic spaces\u2003\t"},
                                {"role": "assistant", "content": "\n\nleading newlines"},
                                {"role": "user", "content": "\x1c\x1f separators \x85"}],
    "unicode and newlines": [{"role": "user", "content": "Ünïcødé 日本語 👨‍👩‍👧‍👦\nline two\r\n\tthree"}],
    "special tokens in content": [{"role": "user",
                                   "content": "<|eot_id|> <|im_end|> <|endoftext|> <|begin_of_text|> <think>"}],
    "empty contents": [{"role": "system", "content": ""}, {"role": "user", "content": ""}],
    "reasoning in assistant turns": [
        {"role": "user", "content": "Q1"},
        {"role": "assistant", "content": "<think>\nstep one\n</think>\n\nA1"},
        {"role": "user", "content": "Q2"},
        {"role": "assistant", "content": "<think>\nmore steps\n\n</think>\n\nA2"}],
    "tool results": [{"role": "user", "content": "Weather in Paris?"},
                     {"role": "assistant", "content": "Checking."},
                     {"role": "tool", "content": "sunny"},
                     {"role": "tool", "content": "22 C"}],
    "second system message": [{"role": "system", "content": "S1"},
                              {"role": "user", "content": "U"},
                              {"role": "system", "content": "S2"},
                              {"role": "user", "content": "U2"}],
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--fixtures", required=True)
    args = ap.parse_args()

    folders = {name: os.path.join(args.fixtures, "tokenizers", name) for name in ("llama3", "qwen")}
    missing = [d for d in folders.values() if not os.path.isfile(os.path.join(d, "tokenizer_config.json"))]
    if missing:
        print(f"SKIP: fixture missing: {', '.join(missing)}")
        return 1 if os.environ.get("CI") == "true" else 77
    import transformers

    passed = failed = 0
    for name, folder in folders.items():
        tok = transformers.AutoTokenizer.from_pretrained(folder)
        cases = [(label, messages, gen) for label, messages in CONVERSATIONS.items() for gen in (False, True)]
        payload = "".join(json.dumps({"messages": m, "add_generation_prompt": g}, ensure_ascii=False) + "\n"
                          for _, m, g in cases)
        p = subprocess.run([args.cli, "tokenize", folder, "--chat"], input=payload.encode("utf-8"),
                           capture_output=True)
        if p.returncode != 0:
            print(f"FAIL {name}: hialign-cli tokenize --chat failed ({p.returncode}): "
                  f"{p.stderr.decode(errors='replace').strip()}")
            failed += len(cases)
            continue
        ours = [json.loads(line) for line in p.stdout.decode("utf-8").split("\n") if line]
        for (label, messages, gen), mine in zip(cases, ours):
            text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=gen)
            ids = tok.apply_chat_template(messages, tokenize=True, add_generation_prompt=gen)
            if hasattr(ids, "keys"):
                ids = ids["input_ids"]
            ids = list(ids)
            problems = []
            if mine["text"] != text:
                i = next((k for k, (a, b) in enumerate(zip(mine["text"], text)) if a != b),
                         min(len(mine["text"]), len(text)))
                problems.append(f"text differs at character {i}: ours {mine['text'][max(0, i - 20):i + 20]!r} "
                                f"theirs {text[max(0, i - 20):i + 20]!r}")
            if mine["ids"] != ids:
                i = next((k for k, (a, b) in enumerate(zip(mine["ids"], ids)) if a != b),
                         min(len(mine["ids"]), len(ids)))
                problems.append(f"ids differ at position {i}: ours {mine['ids'][max(0, i - 2):i + 4]} "
                                f"theirs {ids[max(0, i - 2):i + 4]}")
            ok = not problems
            passed += ok
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {name:<7} {label}{', generation prompt' if gen else ''}"
                  f" ({len(ids)} ids)")
            for problem in problems:
                print(f"       {problem}")
        if len(ours) != len(cases):
            print(f"FAIL {name}: hialign-cli wrote {len(ours)} lines for {len(cases)} conversations")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
