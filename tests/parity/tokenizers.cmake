# Tokenizers: our encode/decode against HF's Rust `tokenizers` and the
# `sentencepiece` package on fixture tokenizers and 10,000 seeded random
# strings each; our chat rendering against transformers' apply_chat_template.
hialign_parity_test(parity_tokenizers_fuzz tokenizers_fuzz.py
                    --cli $<TARGET_FILE:hialign-cli> --fixtures ${HIALIGN_FIXTURES})
hialign_parity_test(parity_tokenizers_chat_template chat_template.py
                    --cli $<TARGET_FILE:hialign-cli> --fixtures ${HIALIGN_FIXTURES})
