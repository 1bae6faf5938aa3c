#include "model/WeightLoader.h"

#include <sstream>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "io/Safetensors.h"
#include "util/Error.h"

namespace hialign::model {

namespace {

std::string shapeString(at::IntArrayRef shape)
{
    std::ostringstream os;
    os << '[';
    for (size_t i = 0; i < shape.size(); ++i)
        os << (i ? ", " : "") << shape[i];
    os << ']';
    return os.str();
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

WeightLoader::WeightLoader(Source source, std::string sourceName, at::Device device,
                           at::ScalarType dtype)
    : source_(std::move(source)), sourceName_(std::move(sourceName)), device_(device), dtype_(dtype)
{
}

WeightLoader WeightLoader::fromStore(const io::WeightStore& store, std::string sourceName,
                                     at::Device device, at::ScalarType dtype)
{
    const io::WeightStore* s = &store;
    return WeightLoader(
        [s](const std::string& name, at::IntArrayRef) {
            return s->contains(name) ? s->tensor(name) : at::Tensor();
        },
        std::move(sourceName), device, dtype);
}

WeightLoader WeightLoader::random(std::uint64_t seed, double std, at::Device device,
                                  at::ScalarType dtype)
{
    auto gen = std::make_shared<at::Generator>(at::detail::createCPUGenerator(seed));
    return WeightLoader(
        [gen, std](const std::string& name, at::IntArrayRef shape) {
            if (endsWith(name, "norm.weight"))
                return at::ones(shape, at::kFloat);
            if (endsWith(name, ".bias"))
                return at::zeros(shape, at::kFloat);
            return at::normal(0.0, std, shape, *gen, at::TensorOptions().dtype(at::kFloat));
        },
        "random initialisation", device, dtype);
}

at::Tensor WeightLoader::convert(const std::string& name, at::Tensor t,
                                 const std::vector<std::int64_t>& shape)
{
    if (t.sizes() != at::IntArrayRef(shape))
        throw InputError(sourceName_ + ": tensor '" + name + "' has shape " + shapeString(t.sizes())
                         + " but config.json implies " + shapeString(shape));
    used_.insert(name);
    // Same device and dtype: keep the (memory-mapped) tensor as it is.
    if (t.device() == device_ && t.scalar_type() == dtype_)
        return t;
    return t.to(device_, dtype_);
}

at::Tensor WeightLoader::require(const std::string& name, std::vector<std::int64_t> shape)
{
    at::Tensor t = source_(name, shape);
    if (!t.defined())
        throw InputError(sourceName_ + " has no tensor '" + name + "', which config.json requires");
    return convert(name, std::move(t), shape);
}

at::Tensor WeightLoader::optional(const std::string& name, std::vector<std::int64_t> shape)
{
    at::Tensor t = source_(name, shape);
    if (!t.defined())
        return t;
    return convert(name, std::move(t), shape);
}

} // namespace hialign::model
