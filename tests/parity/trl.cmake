# TRL: our DPO trainer against trl.DPOTrainer on stories260k from the same
# initial adapter (--save-initial), batches in file order: per-step metrics,
# the adapter after each step and at the end, for the sigmoid, ipo, hinge,
# robust and sigmoid + NLL losses, with TRL's own float32 noise floor measured
# beside each; tokenized pairs (--dump-tokens) against TRL's tokenized dataset,
# standard and conversational (Llama 3, Qwen3). Tolerances: trl_dpo.py.
hialign_parity_test(parity_trl_dpo trl_dpo.py
                    --cli $<TARGET_FILE:hialign-cli> --fixtures ${HIALIGN_FIXTURES}
                    --work ${CMAKE_CURRENT_BINARY_DIR}/parity-trl-dpo)
