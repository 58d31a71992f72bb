// SPDX-License-Identifier: MIT
// movieflow-gen-movies: writes a deterministic, TMDB-shaped movie CSV for benchmarks and stress tests.
//
//   movieflow-gen-movies --rows N [--seed S] [--lf] --out FILE
//
// The same arguments give the same bytes on every platform: the generator has its own PRNG
// (splitmix64) and uses integer arithmetic only, no <random> distributions and no floating point.

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified, so its output never
/// depends on the standard library.
class SplitMix64
{
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) { }

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n) (the modulo bias is far below anything a benchmark can notice).
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
    /// Uniform in [low, high].
    std::int64_t between(std::int64_t low, std::int64_t high)
    {
        return low + std::int64_t(below(std::uint64_t(high - low + 1)));
    }
    /// True with a probability of perMillion / 1,000,000.
    bool chance(std::uint64_t perMillion) { return below(1000000) < perMillion; }

    template<typename T, std::size_t N> const T &pick(const T (&items)[N]) { return items[below(N)]; }

private:
    std::uint64_t m_state;
};

const char *const TitleWords[] = {
    "Shadow",   "Night",    "Return",  "Last",     "Dark",    "Love",    "City",     "Secret",  "Lost",
    "King",     "Dream",    "Fire",    "Wild",     "Blue",    "Rain",    "Summer",   "Winter",  "Heart",
    "Road",     "Ghost",    "Star",    "Legend",   "Silent",  "Broken",  "Golden",   "Iron",    "Empire",
    "Storm",    "Journey",  "Kingdom", "Hunter",   "Witness", "Island",  "Highway",  "Mirror",  "Sky",
    "Escape",   "Promise",  "War",     "Children", "Garden",  "Machine", "Ocean",    "Wolf",    "River",
    "Paradise", "Midnight", "Angel",   "Game",     "Life",    "Time",    "Memories", "Thunder", "Crown",
};

/// Words outside ASCII: accents, CJK and emoji, all UTF-8.
const char *const ForeignWords[] = {
    "Amélie", "Über",   "Café", "Niño",     "São Paulo", "Ørsted",   "Málaga",   "Crème",
    "Zoë",    "Noël",   "Déjà", "Fräulein", "日本",      "東京物語", "千と千尋", "서울",
    "Москва", "Ελλάδα", "🎬",    "❤️",   "🚀",         "Łódź",     "naïve",    "façade",
};

const char *const OverviewWords[] = {
    "a",       "the",        "of",        "and",        "to",        "in",        "his",     "her",
    "their",   "with",       "when",      "after",      "young",     "old",       "family",  "friends",
    "must",    "find",       "discover",  "secret",     "town",      "world",     "love",    "war",
    "journey", "mysterious", "dangerous", "woman",      "man",       "detective", "soldier", "team",
    "life",    "death",      "story",     "true",       "becomes",   "against",   "before",  "years",
    "later",   "small",      "city",      "begins",     "struggle",  "survive",   "past",    "future",
    "group",   "teenagers",  "daughter",  "son",        "father",    "mother",    "brother", "sister",
    "wedding", "murder",     "escape",    "revenge",    "adventure", "comedy",    "heist",   "planet",
    "ancient", "evil",       "powerful",  "unexpected", "forbidden", "together",  "forever", "himself",
    "herself", "everything", "nothing",   "home",       "school",    "island",    "kingdom", "battle",
};

/// How the real export spreads release years over decades (1900s ... 2020s), in rows per 10,000.
const int DecadeWeights[] = {3, 4, 24, 48, 92, 162, 268, 375, 746, 1190, 2210, 3545, 1333};

bool isLeap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    static const int Days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeap(year) ? 29 : Days[month - 1];
}

/// Thousandths as pandas writes a double: "7.0", "8.7", "34.679".
void appendMilli(std::string &out, std::int64_t milli)
{
    out += std::to_string(milli / 1000);
    out += '.';
    const int fraction = int(milli % 1000);
    char digits[4]
        = {char('0' + fraction / 100), char('0' + fraction / 10 % 10), char('0' + fraction % 10), 0};
    int length = 3;
    while (length > 1 && digits[length - 1] == '0')
        --length;
    out.append(digits, std::size_t(length));
}

/// RFC 4180 minimal quoting: only fields with a comma, a quote, CR or LF are quoted.
void appendField(std::string &out, std::string_view field)
{
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

const char *lineBreak(SplitMix64 &rng)
{
    static const char *const Breaks[] = {"\r\n", "\n", "\r"};
    return rng.pick(Breaks);
}

std::string makeTitle(SplitMix64 &rng)
{
    std::string title;
    if (rng.chance(120000))
        title = "The ";
    const int words = int(rng.between(1, 4));
    for (int w = 0; w < words; ++w) {
        if (w > 0)
            title += ' ';
        if (rng.chance(12000))
            title += rng.pick(ForeignWords);
        else
            title += rng.pick(TitleWords);
    }
    if (rng.chance(15000)) { // "Crouching Tiger, Hidden Dragon"
        title += ", ";
        title += rng.pick(TitleWords);
    }
    if (rng.chance(20000)) {
        title += ": Part ";
        title += std::to_string(rng.between(2, 6));
    }
    if (rng.chance(5000)) { // The "Best" Years
        title += " \"";
        title += rng.pick(TitleWords);
        title += '"';
    }
    if (rng.chance(100)) {
        title += lineBreak(rng);
        title += rng.pick(TitleWords);
    }
    return title;
}

std::string makeOverview(SplitMix64 &rng)
{
    // Real overviews run from a few words to several hundred bytes; this spread averages about 270.
    std::size_t target = std::size_t(rng.between(40, 380));
    if (rng.chance(300000))
        target += std::size_t(rng.between(0, 400));
    std::string text;
    text.reserve(target + 40);
    bool sentenceStart = true;
    while (text.size() < target) {
        if (!text.empty())
            text += ' ';
        std::string word;
        if (rng.chance(4000))
            word = rng.pick(ForeignWords);
        else if (rng.chance(1500))
            word = std::string("\"") + rng.pick(TitleWords) + '"';
        else
            word = rng.pick(OverviewWords);
        if (sentenceStart && word[0] >= 'a' && word[0] <= 'z')
            word[0] = char(word[0] - 'a' + 'A');
        text += word;
        sentenceStart = false;
        const std::uint64_t punctuation = rng.below(100);
        if (punctuation < 7) {
            text += ',';
        } else if (punctuation < 13) {
            text += '.';
            sentenceStart = true;
        }
    }
    if (!sentenceStart)
        text += '.';
    if (rng.chance(500)) { // a few overviews hold a paragraph break, as in the real export
        text += lineBreak(rng);
        text += "A new chapter begins.";
    }
    return text;
}

std::string makeDate(SplitMix64 &rng)
{
    int total = 0;
    for (const int weight : DecadeWeights)
        total += weight;
    int roll = int(rng.below(std::uint64_t(total)));
    int decade = 0;
    while (roll >= DecadeWeights[decade]) {
        roll -= DecadeWeights[decade];
        ++decade;
    }
    const int year = 1900 + decade * 10 + int(rng.below(decade == 12 ? 6 : 10)); // up to 2025
    const int month = int(rng.between(1, 12));
    const int day = int(rng.between(1, daysInMonth(year, month)));
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

/// Popularity in thousandths: most films between 1 and 40, a long tail into the thousands.
std::int64_t makePopularity(SplitMix64 &rng)
{
    std::int64_t milli = rng.between(500, 40000);
    while (rng.below(8) < 3 && milli < 2000000)
        milli = milli * rng.between(3, 6) / 2;
    return milli;
}

/// Rating in thousandths, 0-10: a bell around 6.6 (about 37% above 7.0) plus a few anywhere.
std::int64_t makeRating(SplitMix64 &rng)
{
    if (rng.chance(30000))
        return rng.between(0, 10000);
    std::int64_t sum = 0;
    for (int i = 0; i < 4; ++i)
        sum += rng.between(0, 2500);
    std::int64_t milli = 6600 + (sum - 5000) * 5 / 6;
    if (milli < 0)
        milli = 0;
    if (milli > 10000)
        milli = 10000;
    // Like the export, many ratings have fewer than three decimals.
    if (rng.chance(250000))
        milli -= milli % 100;
    return milli;
}

std::int64_t makeVoteCount(SplitMix64 &rng)
{
    std::int64_t count = rng.between(0, 1200);
    while (rng.below(4) == 0 && count < 10000)
        count = count * rng.between(2, 4) + rng.between(0, 9);
    return count;
}

struct Options
{
    std::uint64_t rows = 0;
    std::uint64_t seed = 20240901;
    bool lf = false;
    const char *out = nullptr;
};

void usage(std::FILE *stream)
{
    std::fputs("Usage: movieflow-gen-movies --rows N [--seed S] [--lf] --out FILE\n"
               "Writes N rows of a deterministic, TMDB-shaped movie CSV (header: ,id,title,overview,\n"
               "release_date,popularity,vote_average,vote_count) with CRLF line ends like the real\n"
               "export (--lf for LF). The same N and S always give the same file.\n",
               stream);
}

bool parseNumber(const char *text, std::uint64_t &value)
{
    if (!text || !*text || *text == '-')
        return false;
    char *end = nullptr;
    errno = 0;
    const unsigned long long parsed = std::strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    value = parsed;
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    bool haveRows = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (arg == "--help" || arg == "-h") {
            usage(stdout);
            return 0;
        } else if (arg == "--rows" && parseNumber(value, options.rows)) {
            haveRows = true;
            ++i;
        } else if (arg == "--seed" && parseNumber(value, options.seed)) {
            ++i;
        } else if (arg == "--out" && value) {
            options.out = value;
            ++i;
        } else if (arg == "--lf") {
            options.lf = true;
        } else {
            std::fprintf(stderr, "movieflow-gen-movies: unknown or incomplete option \"%s\".\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!haveRows || !options.out) {
        std::fputs("movieflow-gen-movies: --rows and --out are required.\n", stderr);
        usage(stderr);
        return 2;
    }

    std::FILE *file = std::fopen(options.out, "wb");
    if (!file) {
        std::fprintf(stderr, "movieflow-gen-movies: could not create %s: %s.\n", options.out,
                     std::strerror(errno));
        return 1;
    }

    SplitMix64 rng(options.seed);
    const char *const newline = options.lf ? "\n" : "\r\n";
    // Unique ids from a bijection i -> (i * P + offset) mod M (P is a prime larger than M), with a
    // few deliberate repeats of an earlier row's id.
    const std::uint64_t modulus = options.rows * 2 > 1500000 ? options.rows * 2 : 1500000;
    const std::uint64_t prime = 2147483647ULL;
    const std::uint64_t offset = rng.below(modulus);
    auto idOf = [&](std::uint64_t row) { return 2 + (row * prime + offset) % modulus; };

    std::string buffer;
    buffer.reserve(std::size_t(1) << 21);
    buffer += ",id,title,overview,release_date,popularity,vote_average,vote_count";
    buffer += newline;
    bool failed = false;
    for (std::uint64_t row = 0; row < options.rows && !failed; ++row) {
        const std::uint64_t id = row > 0 && rng.chance(25000) ? idOf(rng.below(row)) : idOf(row);
        std::string fields[7] = {
            std::to_string(id), makeTitle(rng), makeOverview(rng), makeDate(rng), {}, {}, {},
        };
        appendMilli(fields[4], makePopularity(rng));
        appendMilli(fields[5], makeRating(rng));
        fields[6] = std::to_string(makeVoteCount(rng));
        if (rng.chance(1000)) // about 0.1% of rows miss one value
            fields[rng.below(7)].clear();

        buffer += std::to_string(row);
        for (const std::string &field : fields) {
            buffer += ',';
            appendField(buffer, field);
        }
        buffer += newline;
        if (buffer.size() >= (std::size_t(1) << 20)) {
            failed = std::fwrite(buffer.data(), 1, buffer.size(), file) != buffer.size();
            buffer.clear();
        }
    }
    if (!failed && !buffer.empty())
        failed = std::fwrite(buffer.data(), 1, buffer.size(), file) != buffer.size();
    if (std::fclose(file) != 0)
        failed = true;
    if (failed) {
        std::fprintf(stderr, "movieflow-gen-movies: could not write %s: %s.\n", options.out,
                     std::strerror(errno));
        return 1;
    }
    return 0;
}
