# transformers: random models of every family we load (written by
# save_pretrained) and stories260k give transformers' logits, alone and
# left-padded in a batch, and its greedy tokens.
hialign_parity_test(parity_transformers_models transformers_models.py
                    --cli $<TARGET_FILE:hialign-cli> --fixtures ${HIALIGN_FIXTURES}
                    --work ${CMAKE_CURRENT_BINARY_DIR}/parity-transformers)
