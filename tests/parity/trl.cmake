# TRL: our DPO trainer against trl.DPOTrainer on stories260k from the same
# initial adapter (--save-initial), batches in file order: per-step metrics,
# the adapter after each step and at the end, for the sigmoid, ipo, hinge,
# robust and sigmoid + NLL losses and for the recipes people run (cosine,
# linear and constant schedules with warmup, accumulation 2 and 4, clipping
# that engages, beta and weight decay, --precompute-ref, Global-Align with
# prefix sharing on and off), with TRL's own float32 noise floor measured
# beside each; tokenized pairs (--dump-tokens) against TRL's tokenized dataset,
# standard and conversational (Llama 3, Qwen3). Tolerances: trl_dpo.py.
hialign_parity_test(parity_trl_dpo trl_dpo.py
                    --cli $<TARGET_FILE:hialign-cli> --fixtures ${HIALIGN_FIXTURES}
                    --work ${CMAKE_CURRENT_BINARY_DIR}/parity-trl-dpo)
