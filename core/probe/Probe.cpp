#include "probe/Probe.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <random>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "align/ChatTemplate.h"
#include "align/LayerPlan.h"
#include "align/PreferenceBatcher.h"
#include "align/PreferenceData.h"
#include "align/TokenizedPair.h"
#include "config/ModelConfig.h"
#include "judge/JudgeStats.h"
#include "model/Device.h"
#include "model/ModelBundle.h"
#include "train/DpoStep.h"
#include "train/DpoTrainer.h"
#include "train/LoraModel.h"
#include "train/SequenceLogProbs.h"
#include "settings/TrainConfig.h"
#include "util/Error.h"

namespace hialign::probe {

namespace {

namespace fs = std::filesystem;

// Removes a layer's attention output, MLP output or both while it lives
// (DecoderLayerImpl::setSkip); the layer is whole again afterwards.
class LayerAblation {
public:
    LayerAblation(model::DecoderLayerImpl& layer, Component c) : layer_(layer)
    {
        layer_.setSkip(c != Component::Mlp, c != Component::Attention);
    }
    ~LayerAblation() { layer_.setSkip(false, false); }
    LayerAblation(const LayerAblation&) = delete;
    LayerAblation& operator=(const LayerAblation&) = delete;

private:
    model::DecoderLayerImpl& layer_;
};

// A file with nothing but white space, or an empty JSON array.
bool holdsNoRecords(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return false;   // loadPreferences names what is wrong with it
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.erase(std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }), text.end());
    return text.empty() || text == "[]";
}

// A seeded sample of at most `maxPairs` of 0..n-1, in ascending order.
std::vector<std::size_t> samplePairs(std::size_t n, int maxPairs, std::uint64_t seed)
{
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    if (n <= static_cast<std::size_t>(maxPairs))
        return idx;
    std::mt19937_64 rng(seed);
    align::shuffleIndices(idx, rng);
    idx.resize(static_cast<std::size_t>(maxPairs));
    std::sort(idx.begin(), idx.end());
    return idx;
}

struct Dimension {
    DimensionSpec spec;
    std::size_t records = 0;
    std::vector<align::TokenizedPair> pairs;
    std::vector<std::vector<std::size_t>> batches;
};

// Per-pair margins logp(chosen) - logp(rejected) from scores of a pair batch
// (rows 0..B-1 chosen, B..2B-1 rejected).
std::vector<double> pairMargins(const train::SequenceScores& s, std::int64_t B)
{
    const at::Tensor m = (s.logpSum.narrow(0, 0, B) - s.logpSum.narrow(0, B, B))   // (B)
                             .to(at::kDouble).cpu().contiguous();
    const double* p = m.data_ptr<double>();
    return std::vector<double>(p, p + B);
}

void append(std::vector<double>& to, const std::vector<double>& from)
{
    to.insert(to.end(), from.begin(), from.end());
}

// Unablated and ablated margins of one batch. The input of every layer is
// kept from the unablated pass, so ablating layer l reruns layers [l, N) only.
void ablateBatch(model::CausalLM& m, const train::PairBatch& b, std::vector<double>& base,
                 std::array<std::vector<std::vector<double>>, 3>& ablated)
{
    at::NoGradGuard noGrad;
    const int N = m->numLayers();
    const model::AttentionContext ctx = m->prepare(b.ids, {});   // ids (2B, L)
    std::vector<at::Tensor> inputs{m->embed(b.ids)};              // inputs[l]: (2B, L, H) entering layer l
    for (int l = 0; l < N; ++l)
        inputs.push_back(m->runLayers(inputs.back(), l, l + 1, ctx));
    const auto score = [&](const at::Tensor& h) {   // h: (2B, L, H) after the last layer
        return pairMargins(train::completionLogProbs(m, m->finalNorm(h), b), b.pairs);
    };
    append(base, score(inputs[static_cast<std::size_t>(N)]));
    for (int l = 0; l < N; ++l)
        for (auto c : kComponents) {
            const LayerAblation off(*m->layer(l), c);
            append(ablated[static_cast<int>(c)][static_cast<std::size_t>(l)],
                   score(m->runLayers(inputs[static_cast<std::size_t>(l)], l, N, ctx)));
        }
}

// Per-layer L2 norm of the DPO loss's gradient on the LoRA parameters, for one batch.
std::vector<double> gradientBatch(train::LoraModel& lora, const train::PairBatch& b,
                                  const train::DpoStepSettings& st)
{
    for (at::Tensor p : lora.parameters())
        p.mutable_grad() = at::Tensor();
    at::AutoGradMode grad(true);
    const train::DpoStepOutput o = train::dpoForward(lora.model(), b, st);   // loss: scalar
    o.loss.backward();
    return lora.gradNorms().perLayer;
}

// Loads each dimension's preference file and samples its pairs, so that a
// bad file fails before the model loads. records[d]: dimension d's sample.
std::vector<Dimension> loadDimensions(const ProbeSettings& s,
                                      std::vector<std::vector<align::PreferenceRecord>>& records)
{
    std::vector<Dimension> dims;
    for (const auto& spec : s.dimensions) {
        if (holdsNoRecords(spec.file))
            throw InputError("dimension \"" + spec.name + "\" has no preference pairs: " + spec.file
                             + " holds no records");
        auto all = align::loadPreferences(spec.file, false);
        if (all.empty())
            throw InputError("dimension \"" + spec.name + "\" has no preference pairs in " + spec.file);
        std::vector<align::PreferenceRecord> sampled;
        for (auto i : samplePairs(all.size(), s.maxPairs, s.seed))
            sampled.push_back(std::move(all[i]));
        Dimension d;
        d.spec = spec;
        d.records = all.size();
        dims.push_back(std::move(d));
        records.push_back(std::move(sampled));
    }
    return dims;
}

model::ModelBundle loadProbedModel(const ProbeSettings& s, const fs::path& modelDir)
{
    model::LoadOptions lo;
    lo.device = model::parseDevice(s.device);
    model::useDevice(*lo.device);
    if (!s.dtype.empty())
        lo.dtype = model::parseDtype(s.dtype);
    return model::loadModelBundle(modelDir, lo);
}

// Tokenized as a training run with the trainer's defaults and these lengths.
void tokenizeDimensions(const ProbeSettings& s, const fs::path& modelDir, const model::ModelBundle& bundle,
                        std::vector<Dimension>& dims,
                        const std::vector<std::vector<align::PreferenceRecord>>& records)
{
    train::TrainConfig tokenizing;
    tokenizing.maxLength = s.maxLength;
    tokenizing.maxPromptLength = s.maxPromptLength;
    const align::TokenizeOptions to = train::tokenizeOptions(tokenizing, align::detectChatTemplate(modelDir));
    for (std::size_t d = 0; d < dims.size(); ++d) {
        dims[d].pairs = align::tokenizeAll(records[d], *bundle.tokenizer, to);
        dims[d].batches = align::sequentialBatches(dims[d].pairs.size(), static_cast<std::size_t>(s.batchSize));
    }
}

// Adapters on every layer, all target modules, the trainer's rank and alpha.
train::TrainConfig fullStrategy()
{
    train::TrainConfig c;
    c.strategy = "full";
    return c;
}

// The result's description of the run, before any measurement.
ProbeResult describeRun(const ProbeSettings& s, const fs::path& modelDir, const io::ModelConfig& config,
                        const train::TrainConfig& full, model::CausalLM& m)
{
    ProbeResult r;
    r.modelDir = modelDir.string();
    r.modelType = config.modelType;
    r.numLayers = m->numLayers();
    r.ablate = s.runs(Method::Ablate);
    r.gradient = s.runs(Method::Gradient);
    r.maxPairs = s.maxPairs;
    r.batchSize = s.batchSize;
    r.bootstrapResamples = s.bootstrapResamples;
    r.seed = s.seed;
    r.beta = s.beta;
    r.loraRank = full.rank;
    r.loraAlpha = full.alpha;
    r.device = m->device().str();
    return r;
}

// The batch loop's shared state: progress, cancellation, batch assembly.
class ProbePass {
public:
    ProbePass(const ProbeCallbacks& cb, train::CancelToken* cancel, model::CausalLM& m, std::int32_t padId,
              int total)
        : cb_(cb), cancel_(cancel), m_(m), padId_(padId), total_(total)
    {
    }

    bool cancelled() const { return cancel_ && cancel_->cancel.load(); }

    // One unit (one batch of one method) done.
    void step(const char* method, const Dimension& d, std::size_t batch)
    {
        ++done_;
        if (cb_.onProgress)
            cb_.onProgress({done_, total_,
                            std::string(method) + " " + d.spec.name + " " + std::to_string(batch + 1) + "/"
                                + std::to_string(d.batches.size())});
    }

    train::PairBatch batchOf(const Dimension& d, const std::vector<std::size_t>& idx) const
    {
        std::vector<const align::TokenizedPair*> ptrs;
        for (auto i : idx)
            ptrs.push_back(&d.pairs[i]);
        return train::assemblePairs(ptrs, padId_, m_->device());   // ids: (2B, L), separate rows
    }

private:
    const ProbeCallbacks& cb_;
    train::CancelToken* cancel_;
    model::CausalLM& m_;
    std::int32_t padId_;
    int total_;
    int done_ = 0;
};

using AblatedMargins = std::array<std::vector<std::vector<double>>, 3>;   // [component][layer][pair]

// Unablated margins of every pair of a dimension, and with ablation the
// margins with each layer's components removed. False when cancelled.
bool measureMargins(ProbePass& pass, model::CausalLM& m, const Dimension& d, bool ablate,
                    std::vector<double>& base, AblatedMargins& abl)
{
    for (auto& a : abl)
        a.assign(static_cast<std::size_t>(m->numLayers()), {});
    // Unablated margins come with the ablation; without it, one plain pass.
    for (std::size_t bi = 0; bi < d.batches.size(); ++bi) {
        if (pass.cancelled())
            return false;
        const train::PairBatch pb = pass.batchOf(d, d.batches[bi]);
        if (ablate) {
            ablateBatch(m, pb, base, abl);
            pass.step("ablate", d, bi);
        } else {
            at::NoGradGuard noGrad;
            const at::Tensor h = m->hiddenStates(pb.ids);   // (2B, L, H) after the final norm
            append(base, pairMargins(train::completionLogProbs(m, h, pb), pb.pairs));
        }
    }
    return true;
}

double correct(double margin) { return margin > 0 ? 1.0 : 0.0; }

// Paired: the same resampled pairs for base and ablated, so each interval is
// the bootstrap of the per-pair differences. Fills column di of the matrices.
void ablationIntervals(ProbeResult& r, std::size_t di, const std::vector<double>& base,
                       const AblatedMargins& abl, const ProbeSettings& s)
{
    for (auto c : kComponents)
        for (std::size_t l = 0; l < static_cast<std::size_t>(r.numLayers); ++l) {
            std::vector<double> dMargin(base.size()), dCorrect(base.size());
            const auto& a = abl[static_cast<int>(c)][l];
            for (std::size_t i = 0; i < base.size(); ++i) {
                dMargin[i] = a[i] - base[i];
                dCorrect[i] = correct(a[i]) - correct(base[i]);
            }
            const auto R = static_cast<std::size_t>(s.bootstrapResamples);
            const judge::Interval im = judge::bootstrapMean(dMargin, R, s.seed);
            const judge::Interval ia = judge::bootstrapMean(dCorrect, R, s.seed);
            r.margin[static_cast<int>(c)][l][di] = {im.mean, im.low, im.high};
            r.accuracy[static_cast<int>(c)][l][di] = {ia.mean, ia.low, ia.high};
        }
}

// Base accuracy and margin of every dimension, and with ablation the change
// each removed component makes. False when cancelled.
bool probeMargins(ProbePass& pass, model::CausalLM& m, const std::vector<Dimension>& dims,
                  const ProbeSettings& s, ProbeResult& r)
{
    const auto N = static_cast<std::size_t>(r.numLayers);
    for (auto c : kComponents) {
        r.accuracy[static_cast<int>(c)].assign(N, std::vector<Estimate>(dims.size()));
        r.margin[static_cast<int>(c)].assign(N, std::vector<Estimate>(dims.size()));
    }
    for (std::size_t di = 0; di < dims.size(); ++di) {
        const Dimension& d = dims[di];
        DimensionResult dr;
        dr.name = d.spec.name;
        dr.file = d.spec.file;
        dr.recordsInFile = d.records;
        dr.pairs = d.pairs.size();
        std::vector<double> base;
        AblatedMargins abl;
        if (!measureMargins(pass, m, d, r.ablate, base, abl))
            return false;
        for (double v : base) {
            dr.baseAccuracy += correct(v) / static_cast<double>(base.size());
            dr.baseMargin += v / static_cast<double>(base.size());
        }
        if (r.ablate)
            ablationIntervals(r, di, base, abl, s);
        r.dimensions.push_back(std::move(dr));
    }
    return true;
}

// Per-layer gradient norms at step 0 of a full-strategy LoRA run, averaged
// over each dimension's batches. False when cancelled.
bool probeGradients(ProbePass& pass, model::CausalLM& m, const std::vector<Dimension>& dims,
                    const ProbeSettings& s, const io::ModelConfig& config, const train::TrainConfig& full,
                    ProbeResult& r)
{
    const auto N = static_cast<std::size_t>(r.numLayers);
    r.gradientNorm.assign(N, std::vector<double>(dims.size(), 0.0));
    train::LoraOptions lopts;
    lopts.dropout = full.dropout;
    lopts.rslora = full.rslora;
    lopts.seed = s.seed;
    train::LoraModel lora(m, full.makePlan(config), lopts);   // B = 0: policy equals reference
    train::DpoStepSettings st;
    st.loss.type = train::LossType::Sigmoid;
    st.loss.beta = s.beta;
    for (std::size_t di = 0; di < dims.size(); ++di) {
        const Dimension& d = dims[di];
        for (std::size_t bi = 0; bi < d.batches.size(); ++bi) {
            if (pass.cancelled())
                return false;
            const auto norms = gradientBatch(lora, pass.batchOf(d, d.batches[bi]), st);
            for (std::size_t l = 0; l < N; ++l)
                r.gradientNorm[l][di] += norms[l] / static_cast<double>(d.batches.size());
            pass.step("gradient", d, bi);
        }
    }
    return true;
}

} // namespace

std::optional<ProbeResult> runProbe(const ProbeSettings& s, const ProbeCallbacks& cb, train::CancelToken* cancel)
{
    s.validate();
    const fs::path modelDir = fs::absolute(s.modelDir).lexically_normal();
    const io::ModelConfig config = io::ModelConfig::loadFolder(modelDir);

    std::vector<std::vector<align::PreferenceRecord>> records;
    std::vector<Dimension> dims = loadDimensions(s, records);

    model::ModelBundle bundle = loadProbedModel(s, modelDir);
    model::CausalLM& m = bundle.model;
    tokenizeDimensions(s, modelDir, bundle, dims, records);
    const std::int32_t padId = align::paddingId(*bundle.tokenizer);

    const train::TrainConfig full = fullStrategy();
    ProbeResult r = describeRun(s, modelDir, config, full, m);
    int total = 0;
    for (const auto& d : dims)
        total += static_cast<int>(d.batches.size()) * ((r.ablate ? 1 : 0) + (r.gradient ? 1 : 0));
    ProbePass pass(cb, cancel, m, padId, total);
    if (cb.onMessage)
        cb.onMessage("probing " + std::to_string(r.numLayers) + " layers of " + r.modelDir + " on "
                     + std::to_string(dims.size()) + " dimension(s)");

    if (!probeMargins(pass, m, dims, s, r))
        return std::nullopt;
    if (r.gradient && !probeGradients(pass, m, dims, s, config, full, r))
        return std::nullopt;
    summarizeCuts(r);
    return r;
}

} // namespace hialign::probe
