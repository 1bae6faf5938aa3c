// LibTorch (through the lens) before any Qt header.
#include "lens/LogitLens.h"

#include "app/gui/LensWorker.h"

#include <QCoreApplication>

#include <exception>

namespace hialign::app {

namespace {

QString tokenText(const lens::LensResult& r, std::int32_t id)
{
    const auto it = r.tokens.find(id);
    return it == r.tokens.end() ? QString() : QString::fromStdString(it->second);
}

} // namespace

LensOutcome computeLens(const LensJob& job)
{
    LensOutcome out;
    out.runName = job.runName;
    try {
        lens::LensRequest q;
        q.modelDir = job.modelDir.toStdString();
        q.adapterDir = job.adapterDir.toStdString();
        q.topK = 1;
        if (job.pairIndex >= 0) {
            q.dataFile = job.dataFile.toStdString();
            q.firstPair = static_cast<std::size_t>(job.pairIndex);
            q.pairs = 1;
        } else {
            q.prompt = job.prompt.toStdString();
        }
        const lens::LensResult r = lens::runLens(q);
        const lens::LensCase& c = r.cases.front();
        out.layers.resize(r.numLayers);
        for (int layer = 0; layer < r.numLayers; ++layer) {
            const auto L = static_cast<std::size_t>(layer);
            widgets::LensLayer& row = out.layers[layer];
            row.baseToken = tokenText(r, c.base.top[L].front().id);
            row.baseProb = c.base.top[L].front().prob;
            if (!c.base.margin.empty())
                row.baseMargin = c.base.margin[L];
            if (c.adapted) {
                row.runToken = tokenText(r, c.adapted->top[L].front().id);
                row.runProb = c.adapted->top[L].front().prob;
                if (!c.adapted->margin.empty())
                    row.runMargin = c.adapted->margin[L];
            }
        }
    } catch (const std::exception& e) {
        out.error = QString::fromUtf8(e.what());
    } catch (...) {
        out.error = QCoreApplication::translate("hialign::app::LensPage", "The lens stopped with an unknown error.");
    }
    return out;
}

} // namespace hialign::app
