#include "train/DpoBench.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <sstream>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adamw.h>

#include "align/TokenizedPair.h"
#include "model/Attention.h"
#include "model/Device.h"
#include "train/DpoStep.h"
#include "train/LoraModel.h"
#include "train/SequenceLogProbs.h"
#include "util/Error.h"

namespace hialign::train {

io::ModelConfig parseShape(const std::string& spec)
{
    io::ModelConfig c;
    c.modelType = "llama";
    c.architecture = "LlamaForCausalLM";
    c.numLayers = 12;
    c.hiddenSize = 256;
    c.numHeads = 8;
    c.numKvHeads = 4;
    c.intermediateSize = 688;
    c.vocabSize = 4096;
    c.maxPositions = 4096;
    c.rmsNormEps = 1e-5;
    std::stringstream ss(spec);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            throw InputError("shape item \"" + item + "\" is not key=value");
        const std::string key = item.substr(0, eq);
        std::int64_t v = 0;
        try {
            v = std::stoll(item.substr(eq + 1));
        } catch (const std::exception&) {
            throw InputError("shape item \"" + item + "\" has no integer value");
        }
        if (v <= 0)
            throw InputError("shape item \"" + item + "\" must be positive");
        if (key == "layers") c.numLayers = static_cast<int>(v);
        else if (key == "hidden") c.hiddenSize = v;
        else if (key == "heads") c.numHeads = static_cast<int>(v);
        else if (key == "kv_heads") c.numKvHeads = static_cast<int>(v);
        else if (key == "intermediate") c.intermediateSize = v;
        else if (key == "vocab") c.vocabSize = v;
        else
            throw InputError("shape key \"" + key + "\" is not one of layers, hidden, heads, kv_heads, intermediate, vocab");
    }
    if (c.hiddenSize % c.numHeads != 0 || c.numHeads % c.numKvHeads != 0)
        throw InputError("shape: hidden must be a multiple of heads, and heads of kv_heads");
    c.headDim = c.hiddenSize / c.numHeads;
    return c;
}

double dpoStepFlops(const io::ModelConfig& c, std::int64_t sequences, std::int64_t promptTokens,
                    std::int64_t completionTokens, int sharedLayers, int lowestAdaptedLayer)
{
    const double L = static_cast<double>(promptTokens + completionTokens);
    const double hidden = static_cast<double>(c.hiddenSize);
    const double qDim = static_cast<double>(c.numHeads * c.headDim);
    const double kvDim = static_cast<double>(c.numKvHeads * c.headDim);
    // One layer's forward over one sequence: projections (2 FLOPs per
    // multiply-add) and causal attention scores and mixing (half of L x L).
    const double projections = 2.0 * L * (hidden * (qDim + 2.0 * kvDim) + qDim * hidden
                                          + 3.0 * hidden * static_cast<double>(c.intermediateSize));
    const double attention = 2.0 * L * L * qDim;
    const double layer = projections + attention;
    const double head = 2.0 * static_cast<double>(completionTokens) * hidden * static_cast<double>(c.vocabSize);
    const double n = static_cast<double>(c.numLayers);
    const double shared = std::clamp<double>(sharedLayers, 0, n);
    const double lowest = std::clamp<double>(lowestAdaptedLayer, 0, n);
    const double perSequence = shared * layer                    // prefix, once, without grad
                               + 2.0 * ((n - shared) * layer + head)   // reference and policy forward
                               + (n - lowest) * layer + head;    // activation gradient
    return perSequence * static_cast<double>(sequences);
}

namespace {

// One step of the first strategy in phases, each ended by a device sync:
// what dpoForward, backward and the optimizer do, split where the time goes.
BenchProfile profileStep(model::CausalLM& model, const PairBatch& batch, torch::optim::AdamW& opt,
                         const DpoStepSettings& st, const std::string& strategy, int steps)
{
    using Clock = std::chrono::steady_clock;
    std::vector<std::string> order;
    std::map<std::string, std::vector<double>> times;
    std::vector<double> attention;
    const at::Device dev = model->device();
    const std::int64_t B = batch.pairs;
    for (int step = 0; step < steps; ++step) {
        model::synchronize(dev);
        auto t0 = Clock::now();
        const auto lap = [&](const std::string& phase) {
            model::synchronize(dev);
            const auto now = Clock::now();
            if (!times.count(phase))
                order.push_back(phase);
            times[phase].push_back(std::chrono::duration<double, std::milli>(now - t0).count());
            t0 = now;
        };
        model::setAttentionTiming(true);
        opt.zero_grad();
        const int N = model->numLayers();
        const int k = std::clamp(st.sharedPrefixLayers, 0, N);
        const model::AttentionContext ctx = pairContext(model, batch);
        at::Tensor prefix;
        {
            at::NoGradGuard noGrad;
            prefix = model->runLayers(model->embed(batch.ids), 0, k, ctx);   // (rows, L, H)
        }
        lap("embedding, mask and shared layers (forward)");
        SequenceScores ref;
        {
            at::NoGradGuard noGrad;
            model->setAdaptersEnabled(false);
            const at::Tensor h = model->finalNorm(model->runLayers(prefix, k, N, ctx));
            lap("reference layers (forward)");
            ref = completionLogProbs(model, h, batch);
            lap("reference head (forward)");
            model->setAdaptersEnabled(true);
        }
        const at::Tensor last = model->runLayers(prefix, k, N, ctx);   // (rows, L, H)
        lap("policy layers (forward)");
        attention.push_back(model::attentionSeconds() * 1000.0);
        model::setAttentionTiming(false);
        const at::Tensor cut = last.detach().requires_grad_(true);
        const SequenceScores s = completionLogProbs(model, model->finalNorm(cut), batch);
        const at::Tensor loss = dpoLoss(st.loss, s.logpSum.narrow(0, 0, B), s.logpSum.narrow(0, B, B),
                                        ref.logpSum.narrow(0, 0, B), ref.logpSum.narrow(0, B, B))
                                    .mean();
        lap("policy head and loss (forward)");
        loss.backward();
        lap("head (backward)");
        last.backward(cut.grad());
        lap("layers (backward)");
        opt.step();
        lap("optimizer");
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    BenchProfile p;
    p.strategy = strategy;
    for (const auto& phase : order)
        p.phases.emplace_back(phase, median(times[phase]));
    p.attentionForwardMs = median(attention);
    return p;
}

// `o.pairs` pairs of random token ids in [3, vocab), drawn from `gen` in pair
// order: prompt, chosen, rejected.
std::vector<align::TokenizedPair> randomPairs(const io::ModelConfig& cfg, const BenchOptions& o, at::Generator& gen)
{
    std::vector<align::TokenizedPair> pairs(static_cast<size_t>(o.pairs));
    auto randomIds = [&](int n) {
        std::vector<std::int32_t> ids(static_cast<size_t>(n));
        const at::Tensor t = at::randint(3, cfg.vocabSize, {n}, gen, at::kLong);   // (n)
        for (int i = 0; i < n; ++i)
            ids[static_cast<size_t>(i)] = static_cast<std::int32_t>(t[i].item<std::int64_t>());
        return ids;
    };
    for (auto& p : pairs) {
        p.prompt = randomIds(o.promptTokens);
        p.chosen = randomIds(o.completionTokens);
        p.rejected = randomIds(o.completionTokens);
    }
    return pairs;
}

// One timed strategy: its own adapters and optimizer on the shared base model.
struct BenchEntry {
    std::string name;
    std::unique_ptr<LoraModel> lora;
    std::unique_ptr<torch::optim::AdamW> opt;
    DpoStepSettings settings;
    int lowestAdapted = 0;
    std::vector<double> times;
    double peakMiB = 0;
};

std::vector<BenchEntry> benchEntries(model::CausalLM& model, const BenchOptions& o)
{
    std::vector<BenchEntry> entries;
    for (const auto& name : o.strategies) {
        align::LayerPlan plan(model->config().numLayers);
        plan.setStrategy(align::parseStrategy(name));
        plan.setLoraAll({o.rank, 2.0 * o.rank});
        LoraOptions lo;
        lo.seed = o.seed;
        BenchEntry e;
        e.name = name;
        e.lora = std::make_unique<LoraModel>(model, plan, lo);
        e.lora->detach();
        e.opt = std::make_unique<torch::optim::AdamW>(e.lora->parameters(), torch::optim::AdamWOptions(1e-4));
        e.settings.sharedPrefixLayers = o.prefixSharing ? plan.lowestTargetedLayer() : 0;
        e.lowestAdapted = plan.lowestTargetedLayer();
        entries.push_back(std::move(e));
    }
    return entries;
}

// The strategies take turns on the one base model, one step each per round,
// so that drift on a shared machine hits all strategies alike. Rounds after
// the warmup record their step times.
void timeRounds(model::CausalLM& model, const PairBatch& batch, std::vector<BenchEntry>& entries,
                const BenchOptions& o)
{
    using Clock = std::chrono::steady_clock;
    for (int round = 0; round < o.warmup + o.repeats; ++round) {
        for (auto& e : entries) {
            e.lora->attach();
            model::synchronize(model->device());
            model::resetPeakMemory(model->device());
            const auto t0 = Clock::now();
            e.opt->zero_grad();
            DpoStepOutput out = dpoForward(model, batch, e.settings);
            out.loss.backward();
            e.opt->step();
            model::synchronize(model->device());
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            e.peakMiB = std::max(e.peakMiB, model::memoryUse(model->device()).peakMiB);
            e.lora->detach();
            if (round >= o.warmup)
                e.times.push_back(ms);
        }
    }
}

BenchRow benchRow(const BenchEntry& e, const io::ModelConfig& cfg, const BenchOptions& o, const PairBatch& batch)
{
    BenchRow r;
    r.strategy = e.name;
    r.prefixSharing = o.prefixSharing;
    r.sharedLayers = e.settings.sharedPrefixLayers;
    r.trainableParameters = e.lora->parameterCount();
    double sum = 0;
    for (double t : e.times)
        sum += t;
    r.meanMs = sum / static_cast<double>(e.times.size());
    r.minMs = *std::min_element(e.times.begin(), e.times.end());
    r.timesMs = e.times;
    r.tokensPerSecond = static_cast<double>(batch.tokens) / (r.meanMs / 1000.0);
    r.peakMemoryMiB = e.peakMiB;
    r.modelFlops = dpoStepFlops(cfg, 2 * o.pairs, o.promptTokens, o.completionTokens,
                                e.settings.sharedPrefixLayers, e.lowestAdapted);
    r.achievedTflops = r.modelFlops / (r.meanMs / 1000.0) / 1e12;
    return r;
}

} // namespace

BenchResult benchDpo(model::CausalLM& model, const BenchOptions& o)
{
    const auto& cfg = model->config();
    at::Generator gen = at::detail::createCPUGenerator(o.seed);
    // One random batch shared by every strategy.
    const std::vector<align::TokenizedPair> pairs = randomPairs(cfg, o, gen);
    std::vector<const align::TokenizedPair*> ptrs;
    for (const auto& p : pairs)
        ptrs.push_back(&p);
    const PairBatch batch = assemblePairs(ptrs, 0, model->device(),
                                         o.promptSharing ? PairLayout::SharedPrompt : PairLayout::Separate);

    std::vector<BenchEntry> entries = benchEntries(model, o);
    timeRounds(model, batch, entries, o);

    BenchResult result;
    if (o.profile && !entries.empty()) {
        auto& e = entries.front();
        e.lora->attach();
        result.profile = profileStep(model, batch, *e.opt, e.settings, e.name, o.repeats);
        e.lora->detach();
    }
    double fullMs = 0;
    for (const auto& e : entries) {
        result.rows.push_back(benchRow(e, cfg, o, batch));
        if (e.name == "full")
            fullMs = result.rows.back().meanMs;
    }
    for (auto& r : result.rows)
        r.ratioToFull = fullMs > 0 ? r.meanMs / fullMs : 0.0;
    return result;
}

std::vector<HeadBenchRow> benchHead(std::int64_t vocab, std::int64_t hidden, std::int64_t tokens,
                                    at::ScalarType dtype, at::Device device, std::uint64_t seed)
{
    using Clock = std::chrono::steady_clock;
    if (vocab < 1 || hidden < 1 || tokens < 1)
        throw InputError("vocab, hidden and tokens must be positive");
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const auto opts = at::TensorOptions().dtype(dtype).device(device);
    const at::Tensor h0 = at::normal(0.0, 1.0, {tokens, hidden}, gen).to(opts);          // (M, H)
    const at::Tensor w = at::normal(0.0, 0.02, {vocab, hidden}, gen).to(opts);           // (V, H)
    const at::Tensor labels = at::randint(0, vocab, {tokens}, gen, at::kLong).to(device);  // (M)
    std::vector<HeadBenchRow> rows;
    at::Tensor plainLogp, plainGrad;
    for (const bool fused : {false, true}) {
        model::synchronize(device);
        const double before = model::memoryUse(device).inUseMiB;
        model::resetPeakMemory(device);
        const auto t0 = Clock::now();
        at::Tensor h = h0.clone().requires_grad_(true);
        at::Tensor logp;
        {
            const LabelLogProbs lp = fused ? labelLogProbs(h, w, labels) : labelLogProbsPlain(h, w, labels);
            lp.logp.sum().backward();
            logp = lp.logp.detach();
        }
        model::synchronize(device);
        HeadBenchRow r;
        r.head = fused ? "fused" : "plain";
        r.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        r.peakMiB = model::memoryUse(device).peakMiB - before;
        if (!fused) {
            plainLogp = logp;
            plainGrad = h.grad();
        } else {
            r.maxLogpDiff = (logp - plainLogp).abs().max().item<double>();
            r.maxGradDiff = (h.grad().to(at::kFloat) - plainGrad.to(at::kFloat)).abs().max().item<double>();
        }
        rows.push_back(r);
    }
    return rows;
}

} // namespace hialign::train
