# The logit lens: every layer's read-out equals transformers'
# output_hidden_states through model.norm and lm_head (stories260k, the demo
# lab's model, an untied Llama; an adapter through PEFT).
hialign_parity_test(parity_lens_hidden_states lens_hidden_states.py
                    --cli $<TARGET_FILE:hialign-cli> --fixtures ${HIALIGN_FIXTURES}
                    --work ${CMAKE_CURRENT_BINARY_DIR}/parity-lens --lab ${PROJECT_SOURCE_DIR}/resources/demo-lab)
