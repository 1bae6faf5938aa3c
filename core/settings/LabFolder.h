// A demo lab's folder and its card (docs/ARCHITECTURE.md, "Formats"):
//
//   LAB/world.json           the synthetic world (world/World)
//   LAB/corpus.txt           its pretraining corpus
//   LAB/card.json            what the lab is: preset, size, pretraining, base
//                            accuracy, evaluation decoding, the strategy table
//   LAB/MODEL_CARD.md        the card for people (sweep/LabTable writes it)
//   LAB/model/               the Hugging Face model folder
//   LAB/data/preferences_SET.jsonl   SET: grammar, logic, facts, mixed
//   LAB/data/eval_DIMENSION.jsonl    held-out eval prompts per dimension
//   LAB/runs/                `world table`'s run folders
//
// The one owner of these paths and of card.json and MODEL_CARD.md: every
// other part of the workbench asks this class. Plain C++, no LibTorch.
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "settings/EvalDecoding.h"

namespace hialign::lab {

// The lab's dimensions as its files name them (data/preferences_NAME.jsonl,
// data/eval_NAME.jsonl), in the order of the layer blocks they live in.
inline constexpr std::array<const char*, 3> kLabDimensions{"grammar", "logic", "facts"};

class LabFolder {
public:
    explicit LabFolder(std::filesystem::path root) : root_(std::move(root)) {}

    // The folder a lab holding MODEL_DIR would be (its parent), unchecked.
    static LabFolder forModel(const std::filesystem::path& modelDir);
    // The lab whose model folder is MODEL_DIR (its parent, when world.json
    // lies there); empty for a model outside a demo lab.
    static std::optional<LabFolder> ofModel(const std::filesystem::path& modelDir);
    // The same, or InputError in one sentence naming the model folder.
    static LabFolder ofModelOrThrow(const std::filesystem::path& modelDir);

    const std::filesystem::path& root() const { return root_; }
    bool exists() const;   // world.json is there

    std::filesystem::path worldFile() const { return root_ / "world.json"; }
    std::filesystem::path corpusFile() const { return root_ / "corpus.txt"; }
    std::filesystem::path cardFile() const { return root_ / "card.json"; }
    std::filesystem::path modelCardFile() const { return root_ / "MODEL_CARD.md"; }
    std::filesystem::path modelDir() const { return root_ / "model"; }
    std::filesystem::path dataDir() const { return root_ / "data"; }
    std::filesystem::path runsDir() const { return root_ / "runs"; }
    // data/preferences_SET.jsonl; "mixed" is the set the GUI, `train` and a
    // sweep on the lab use by default.
    std::filesystem::path preferences(const std::string& set = "mixed") const;
    // data/eval_DIMENSION.jsonl.
    std::filesystem::path evalPrompts(const std::string& dimension) const;
    // The eval prompt files of grammar, logic and facts, in that order.
    std::vector<std::filesystem::path> evalPromptFiles() const;
    // The eval prompt files (eval_*.jsonl) in a data folder, by name: a lab's
    // data/ or any folder laid out like it.
    static std::vector<std::filesystem::path> evalPromptFilesIn(const std::filesystem::path& dataDir);
    // The set a preference file holds by its name: "grammar" for
    // preferences_grammar.jsonl, else the file's stem.
    static std::string preferenceSetOf(const std::filesystem::path& file);

    // card.json; InputError naming the file when it is missing or not a JSON object.
    nlohmann::json readCard() const;
    // Writes card.json atomically.
    void writeCard(const nlohmann::json& card) const;
    // The card's "eval_decoding"; empty when the card has none or holds
    // values no decoder accepts (the caller keeps its own defaults).
    std::optional<EvalDecoding> evalDecoding() const;

    // MODEL_CARD.md's text ("" when there is none), and an atomic rewrite.
    std::string readModelCard() const;
    void writeModelCard(const std::string& markdown) const;

private:
    std::filesystem::path root_;
};

// How a sweep on a demo lab's model evaluates by default: the lab's mixed
// preference set, the three eval prompt files, the exact judge, the first
// kLabEvalLimit prompts of each file.
inline constexpr std::size_t kLabEvalLimit = 50;

} // namespace hialign::lab
