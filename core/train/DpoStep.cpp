#include "train/DpoStep.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "model/Device.h"

namespace hialign::train {

namespace {

// Restores the model's adapter switch on scope exit.
class AdapterSwitchGuard {
public:
    AdapterSwitchGuard(model::CausalLM& m, bool enabled) : m_(m), saved_(m->adaptersEnabled())
    {
        m_->setAdaptersEnabled(enabled);
    }
    ~AdapterSwitchGuard() { m_->setAdaptersEnabled(saved_); }

private:
    model::CausalLM& m_;
    bool saved_;
};

// Activation recomputation for one decoder layer: the forward keeps only the
// layer's input; the backward runs the layer again with grad, back-propagates
// into the input, and adds the adapter weights' gradients to their .grad
// directly. `anchor` (a trainable weight of the layer) is an input only so
// that autograd records this node even when the input needs no gradient.
// The recomputation starts from the generator state the forward pass saw, so
// it draws the same dropout masks, and the generator is put back afterwards.
struct CheckpointedLayer : public torch::autograd::Function<CheckpointedLayer> {
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& h,
                              const at::Tensor& anchor, std::int64_t layerAddress, std::int64_t attnAddress)
    {
        // The layer outlives the backward pass (the model owns it); its address
        // travels as an integer. The attention context is a local of the
        // caller, so its tensors are kept here.
        auto* layer = reinterpret_cast<model::DecoderLayerImpl*>(layerAddress);
        auto* attn = reinterpret_cast<const model::AttentionContext*>(attnAddress);
        ctx->saved_data["layer"] = layerAddress;
        ctx->saved_data["cos"] = attn->cos;
        ctx->saved_data["sin"] = attn->sin;
        ctx->saved_data["mask"] = attn->mask;
        ctx->saved_data["causal"] = attn->causal;
        ctx->saved_data["rng"] = model::generatorState(h.device());
        ctx->saved_data["h_requires_grad"] = h.requires_grad();
        ctx->save_for_backward({h});
        (void)anchor;
        at::NoGradGuard noGrad;
        return layer->forward(h, *attn);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOut)
    {
        auto* layer = reinterpret_cast<model::DecoderLayerImpl*>(ctx->saved_data["layer"].toInt());
        model::AttentionContext attnCtx;
        attnCtx.cos = ctx->saved_data["cos"].toTensor();
        attnCtx.sin = ctx->saved_data["sin"].toTensor();
        attnCtx.mask = ctx->saved_data["mask"].toTensor();
        attnCtx.causal = ctx->saved_data["causal"].toBool();
        const model::AttentionContext* attn = &attnCtx;
        const bool needInput = ctx->saved_data["h_requires_grad"].toBool();
        at::Tensor h = ctx->get_saved_variables()[0].detach().requires_grad_(needInput);
        const std::vector<at::Tensor> params = trainableParams(*layer);
        at::Tensor out;
        {
            const at::Tensor now = model::generatorState(h.device());
            model::setGeneratorState(h.device(), ctx->saved_data["rng"].toTensor());
            at::AutoGradMode enable(true);
            out = layer->forward(h, *attn);
            model::setGeneratorState(h.device(), now);
        }
        std::vector<at::Tensor> inputs;
        if (needInput)
            inputs.push_back(h);
        inputs.insert(inputs.end(), params.begin(), params.end());
        const auto grads = torch::autograd::grad({out}, inputs, {gradOut[0]}, /*retain_graph=*/false,
                                                 /*create_graph=*/false, /*allow_unused=*/true);
        size_t g = needInput ? 1 : 0;
        for (const auto& p : params) {
            const at::Tensor& pg = grads[g++];
            if (!pg.defined())
                continue;
            at::Tensor& acc = const_cast<at::Tensor&>(p).mutable_grad();
            acc = acc.defined() ? acc + pg : pg.clone();
        }
        return {needInput ? grads[0] : at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
    }

    // The trainable adapter weights inside one layer.
    static std::vector<at::Tensor> trainableParams(model::DecoderLayerImpl& layer)
    {
        std::vector<at::Tensor> ps;
        for (const auto& m : layer.modules(/*include_self=*/true))
            if (auto p = std::dynamic_pointer_cast<model::ProjectionImpl>(m))
                if (p->adapter())
                    if (auto* mod = dynamic_cast<torch::nn::Module*>(p->adapter().get()))
                        for (const auto& t : mod->parameters())
                            if (t.requires_grad())
                                ps.push_back(t);
        return ps;
    }
};

at::Tensor runPolicyLayers(model::CausalLM& model, at::Tensor h, int begin, int end,
                           const model::AttentionContext& ctx, bool checkpointing)
{
    if (!checkpointing)
        return model->runLayers(h, begin, end, ctx);
    for (int i = begin; i < end; ++i) {
        auto layer = model->layer(i);
        const auto params = CheckpointedLayer::trainableParams(*layer);
        if (params.empty()) {
            h = layer->forward(h, ctx);   // no adapter here: plain layer
            continue;
        }
        h = CheckpointedLayer::apply(h, params.front(), reinterpret_cast<std::int64_t>(layer.get()),
                                     reinterpret_cast<std::int64_t>(&ctx));
    }
    return h;
}

// The reference pass from the output of layers [0, k): the remaining layers
// with adapters off and no grad, then completion log-probs split into
// chosen (sequences 0..B-1) and rejected (B..2B-1).
ReferenceScores referenceFrom(model::CausalLM& model, const at::Tensor& prefix, int k,
                              const model::AttentionContext& ctx, const PairBatch& batch)
{
    at::NoGradGuard noGrad;
    AdapterSwitchGuard off(model, false);
    const at::Tensor h = model->finalNorm(model->runLayers(prefix, k, model->numLayers(), ctx));
    const SequenceScores s = completionLogProbs(model, h, batch);
    const std::int64_t B = batch.pairs;
    return {s.logpSum.narrow(0, 0, B), s.logpSum.narrow(0, B, B)};
}

} // namespace

ReferenceScores referenceScores(model::CausalLM& model, const PairBatch& batch)
{
    at::NoGradGuard noGrad;
    const model::AttentionContext ctx = pairContext(model, batch);
    return referenceFrom(model, model->embed(batch.ids), 0, ctx, batch);
}

DpoStepOutput dpoForward(model::CausalLM& model, const PairBatch& batch, const DpoStepSettings& st,
                         const ReferenceScores* reference)
{
    const std::int64_t B = batch.pairs;
    const int N = model->numLayers();
    const int k = std::clamp(st.sharedPrefixLayers, 0, N);
    const model::AttentionContext ctx = pairContext(model, batch);   // ids: (rows, L)

    // Shared prefix: layers [0, k) once, without grad (no adapters live there).
    at::Tensor prefix;
    {
        at::NoGradGuard noGrad;
        prefix = model->runLayers(model->embed(batch.ids), 0, k, ctx);   // (rows, L, H)
    }

    const ReferenceScores ref = reference ? *reference : referenceFrom(model, prefix, k, ctx, batch);

    AdapterSwitchGuard on(model, true);
    at::Tensor h = runPolicyLayers(model, prefix, k, N, ctx, st.gradientCheckpointing);
    h = model->finalNorm(h);
    const SequenceScores s = completionLogProbs(model, h, batch);   // (2B)

    DpoStepOutput out;
    const at::Tensor pc = s.logpSum.narrow(0, 0, B), pr = s.logpSum.narrow(0, B, B);
    out.chosenTokens = s.tokenCount.narrow(0, 0, B);
    out.rejectedTokens = s.tokenCount.narrow(0, B, B);
    at::Tensor lc = pc, lr = pr, rc = ref.chosen, rr = ref.rejected;
    if (st.loss.type == LossType::Ipo) {
        // IPO works on per-token averages.
        lc = pc / out.chosenTokens.clamp_min(1);
        lr = pr / out.rejectedTokens.clamp_min(1);
        rc = rc / out.chosenTokens.clamp_min(1);
        rr = rr / out.rejectedTokens.clamp_min(1);
    }
    at::Tensor loss = dpoLoss(st.loss, lc, lr, rc, rr).mean();
    const at::Tensor nll = -pc.sum() / out.chosenTokens.sum().clamp_min(1);
    if (st.sftWeight > 0)
        loss = loss + st.sftWeight * nll;
    out.loss = loss;
    out.nll = nll.detach();
    out.policyChosen = pc.detach();
    out.policyRejected = pr.detach();
    out.refChosen = ref.chosen.detach();
    out.refRejected = ref.rejected.detach();
    out.logitsChosen = s.logitSum.narrow(0, 0, B);
    out.logitsRejected = s.logitSum.narrow(0, B, B);
    // Rewards from the summed log-ratios for every loss, IPO included (TRL's numbers).
    out.chosenRewards = (st.loss.beta * (pc - ref.chosen)).detach();     // (B)
    out.rejectedRewards = (st.loss.beta * (pr - ref.rejected)).detach(); // (B)
    return out;
}

} // namespace hialign::train
