# PEFT: adapters written here load in PEFT with our logits, per-layer ranks
# from a layer probe (rank_pattern / alpha_pattern) included.
hialign_parity_test(parity_peft_adapter peft_adapter.py
                    --cli $<TARGET_FILE:hialign-cli> --fixtures ${HIALIGN_FIXTURES}
                    --work ${CMAKE_CURRENT_BINARY_DIR}/parity-peft)
# PEFT: adapters PEFT writes (layers_to_transform, rank/alpha patterns,
# target_modules as list, regex and all-linear) load here with PEFT's
# logits; DoRA, bias training and modules_to_save are refused by name.
hialign_parity_test(parity_peft_written peft_written.py
                    --cli $<TARGET_FILE:hialign-cli> --fixtures ${HIALIGN_FIXTURES}
                    --work ${CMAKE_CURRENT_BINARY_DIR}/parity-peft-written)
