// The LoRA adapters a LayerPlan places on a CausalLM, as one set: attach,
// enumerate trainable parameters, measure per-layer norms, detach.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "align/LayerPlan.h"
#include "model/CausalLM.h"
#include "train/LoraLinear.h"

namespace hialign::train {

struct LoraOptions {
    double dropout = 0.0;
    bool rslora = false;
    std::uint64_t seed = 0;
};

struct AttachedAdapter {
    align::AdapterSlot slot;
    model::ProjectionImpl* projection = nullptr;
    LoraLinear lora{nullptr};
};

// Per-layer (and per-module) norms; untargeted layers are exactly zero.
struct LayerNorms {
    std::vector<double> perLayer;                              // (num_layers)
    std::map<std::string, std::vector<double>> perModule;      // module -> (num_layers)
};

class LoraModel {
public:
    // Creates fresh adapters (B = 0) on every slot of `plan`.
    LoraModel(model::CausalLM model, const align::LayerPlan& plan, const LoraOptions& options);
    // Creates fresh adapters on exactly these slots, each with its own rank
    // and alpha (an adapter written elsewhere may target any set of
    // projections); `plan` describes them for display and saving.
    LoraModel(model::CausalLM model, const align::LayerPlan& plan, const LoraOptions& options,
              std::vector<align::AdapterSlot> slots);
    ~LoraModel();   // detaches the adapters from the model

    // Takes the adapters off the model (they keep their weights) and puts them
    // back; lets several adapter sets take turns on one base model.
    void detach();
    void attach();
    LoraModel(const LoraModel&) = delete;
    LoraModel& operator=(const LoraModel&) = delete;

    const std::vector<AttachedAdapter>& adapters() const { return adapters_; }
    std::vector<at::Tensor> parameters() const;             // lora_A, lora_B of each slot, in slot order
    std::int64_t parameterCount() const;
    const align::LayerPlan& plan() const { return plan_; }
    const LoraOptions& options() const { return options_; }
    model::CausalLM& model() { return model_; }

    void train(bool on);        // dropout on/off
    LayerNorms deltaNorms() const;   // ||s B A||_F
    LayerNorms gradNorms() const;    // ||grad||

    // Named tensors in PEFT's layout: base_model.model.model.layers.{i}.{self_attn|mlp}.{m}.lora_{A|B}.weight
    std::vector<std::pair<std::string, at::Tensor>> peftTensors() const;
    // Loads tensors of that layout (shapes checked); throws InputError naming the key.
    void loadPeftTensors(const std::map<std::string, at::Tensor>& tensors, const std::string& source);

    // Adds each adapter's s * B A to its projection's weight (in the weight's
    // dtype) and takes the adapters off: the model alone then computes what
    // model + adapters did. The LoraModel is spent afterwards.
    void mergeIntoBase();
    // True when the slots are exactly the plan's (layers x modules, with the
    // plan's ranks); false for an adapter with an irregular set of slots.
    bool slotsMatchPlan() const;

    // Module path inside the model for a slot, e.g. "model.layers.3.self_attn.q_proj".
    static std::string modulePath(int layer, const std::string& module);

private:
    model::CausalLM model_;
    align::LayerPlan plan_;
    LoraOptions options_;
    std::vector<AttachedAdapter> adapters_;
    bool attached_ = false;
};

} // namespace hialign::train
