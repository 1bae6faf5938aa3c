#include "train/LoraModel.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "util/Error.h"

namespace hialign::train {

namespace {

model::ProjectionImpl* findProjection(model::CausalLM& m, int layer, const std::string& module)
{
    auto l = m->layer(layer);
    if (module == "q_proj") return l->self_attn->q_proj.get();
    if (module == "k_proj") return l->self_attn->k_proj.get();
    if (module == "v_proj") return l->self_attn->v_proj.get();
    if (module == "o_proj") return l->self_attn->o_proj.get();
    if (module == "gate_proj") return l->mlp->gate_proj.get();
    if (module == "up_proj") return l->mlp->up_proj.get();
    if (module == "down_proj") return l->mlp->down_proj.get();
    throw InputError("unknown target module \"" + module + "\"");
}

} // namespace

std::string LoraModel::modulePath(int layer, const std::string& module)
{
    const bool attn = module == "q_proj" || module == "k_proj" || module == "v_proj" || module == "o_proj";
    return "model.layers." + std::to_string(layer) + (attn ? ".self_attn." : ".mlp.") + module;
}

LoraModel::LoraModel(model::CausalLM model, const align::LayerPlan& plan, const LoraOptions& options)
    : LoraModel(std::move(model), plan, options, plan.slots())
{
}

LoraModel::LoraModel(model::CausalLM model, const align::LayerPlan& plan, const LoraOptions& options,
                     std::vector<align::AdapterSlot> slots)
    : model_(std::move(model)), plan_(plan), options_(options)
{
    plan_.validate();
    if (plan_.numLayers() != model_->numLayers())
        throw InputError("the layer plan is for " + std::to_string(plan_.numLayers())
                         + " layers but the model has " + std::to_string(model_->numLayers()));
    // One generator for all A matrices, in slot order: same seed, same adapters.
    at::Generator gen = at::detail::createCPUGenerator(options.seed);
    for (const auto& slot : slots) {
        if (slot.layer < 0 || slot.layer >= model_->numLayers())
            throw InputError("adapter slot " + modulePath(slot.layer, slot.module) + " is outside the model's "
                             + std::to_string(model_->numLayers()) + " layers");
        if (slot.rank < 1 || slot.alpha <= 0)
            throw InputError("adapter slot " + modulePath(slot.layer, slot.module) + " has rank "
                             + std::to_string(slot.rank) + " and alpha " + std::to_string(slot.alpha)
                             + "; rank must be at least 1 and alpha positive");
        AttachedAdapter a;
        a.slot = slot;
        a.projection = findProjection(model_, slot.layer, slot.module);
        LoraHyper h;
        h.rank = slot.rank;
        h.alpha = slot.alpha;
        h.dropout = options.dropout;
        h.rslora = options.rslora;
        a.lora = LoraLinear(a.projection->inFeatures(), a.projection->outFeatures(), h, gen, model_->device());
        adapters_.push_back(std::move(a));
    }
    attach();
}

LoraModel::~LoraModel()
{
    detach();
}

void LoraModel::detach()
{
    for (auto& a : adapters_)
        if (a.projection && a.projection->adapter() == a.lora.ptr())
            a.projection->setAdapter(nullptr);
    attached_ = false;
}

void LoraModel::attach()
{
    if (attached_)
        return;
    for (auto& a : adapters_)
        if (a.projection->adapter() && a.projection->adapter() != a.lora.ptr())
            throw Error("projection " + modulePath(a.slot.layer, a.slot.module) + " already carries another adapter");
    for (auto& a : adapters_)
        a.projection->setAdapter(a.lora.ptr());
    attached_ = true;
}

void LoraModel::mergeIntoBase()
{
    at::NoGradGuard noGrad;
    for (auto& a : adapters_) {
        const at::Tensor& w = a.projection->weight();                          // (out, in)
        const at::Tensor delta = at::matmul(a.lora->lora_B, a.lora->lora_A)    // (out, r) x (r, in)
                                     .mul(a.lora->hyper().scaling());
        // A fresh tensor, not an in-place add: the weight may be a read-only
        // mapping of the checkpoint file.
        w.set_data(w.to(at::kFloat).add(delta.to(w.device())).to(w.scalar_type()));   // (out, in)
    }
    detach();
    adapters_.clear();
}

bool LoraModel::slotsMatchPlan() const
{
    const auto planned = plan_.slots();
    if (planned.size() != adapters_.size())
        return false;
    for (size_t i = 0; i < planned.size(); ++i) {
        const auto& a = adapters_[i].slot;
        if (a.layer != planned[i].layer || a.module != planned[i].module || a.rank != planned[i].rank
            || a.alpha != planned[i].alpha)
            return false;
    }
    return true;
}

std::vector<at::Tensor> LoraModel::parameters() const
{
    std::vector<at::Tensor> ps;
    for (const auto& a : adapters_) {
        ps.push_back(a.lora->lora_A);
        ps.push_back(a.lora->lora_B);
    }
    return ps;
}

std::int64_t LoraModel::parameterCount() const
{
    std::int64_t n = 0;
    for (const auto& p : parameters())
        n += p.numel();
    return n;
}

void LoraModel::train(bool on)
{
    for (auto& a : adapters_)
        a.lora->train(on);
}

namespace {

LayerNorms collect(const std::vector<AttachedAdapter>& adapters, int layers, bool grads)
{
    LayerNorms n;
    n.perLayer.assign(static_cast<size_t>(layers), 0.0);
    for (const auto& m : align::allTargetModules())
        n.perModule[m].assign(static_cast<size_t>(layers), 0.0);
    std::vector<double> sq(static_cast<size_t>(layers), 0.0);
    for (const auto& a : adapters) {
        const size_t l = static_cast<size_t>(a.slot.layer);
        double v = grads ? a.lora->gradNormSquared() : std::pow(a.lora->deltaNorm(), 2);
        sq[l] += v;
        n.perModule[a.slot.module][l] = std::sqrt(v);
    }
    for (size_t l = 0; l < sq.size(); ++l)
        n.perLayer[l] = std::sqrt(sq[l]);
    return n;
}

} // namespace

LayerNorms LoraModel::deltaNorms() const
{
    return collect(adapters_, plan_.numLayers(), false);
}

LayerNorms LoraModel::gradNorms() const
{
    return collect(adapters_, plan_.numLayers(), true);
}

std::vector<std::pair<std::string, at::Tensor>> LoraModel::peftTensors() const
{
    std::vector<std::pair<std::string, at::Tensor>> out;
    for (const auto& a : adapters_) {
        const std::string base = "base_model.model." + modulePath(a.slot.layer, a.slot.module);
        out.emplace_back(base + ".lora_A.weight", a.lora->lora_A.detach());   // (r, in)
        out.emplace_back(base + ".lora_B.weight", a.lora->lora_B.detach());   // (out, r)
    }
    return out;
}

void LoraModel::loadPeftTensors(const std::map<std::string, at::Tensor>& tensors, const std::string& source)
{
    at::NoGradGuard noGrad;
    for (auto& a : adapters_) {
        const std::string base = "base_model.model." + modulePath(a.slot.layer, a.slot.module);
        for (auto [suffix, target] : {std::pair<const char*, at::Tensor*>{".lora_A.weight", &a.lora->lora_A},
                                      std::pair<const char*, at::Tensor*>{".lora_B.weight", &a.lora->lora_B}}) {
            auto it = tensors.find(base + suffix);
            if (it == tensors.end())
                throw InputError(source + " has no tensor '" + base + suffix + "'");
            if (it->second.sizes() != target->sizes())
                throw InputError(source + ": tensor '" + base + suffix + "' has shape "
                                 + c10::str(it->second.sizes()) + ", expected " + c10::str(target->sizes()));
            target->copy_(it->second.to(at::kFloat));
        }
    }
}

} // namespace hialign::train
