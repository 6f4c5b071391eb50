// verdicts.hpp - escapade-go's verdict file: every allocation site of every analysed package with
// its position, kind, name and verdict, for the patched Go compiler (examples/go/gcpatch), which
// reads it in (*batch).finish and compiles escapade's verdicts into the binary.
//
// Format (text, one record per line; examples/go/README.md, "The verdict file"):
//
//   escapade-verdicts 1
//   options model=gc dispatch=closed          (what computed them; informative)
//   dir /canonical/absolute/dir               (realpath of the package directory)
//   file print.go                             (a file of that directory)
//   LINE:COL KIND VERDICT TEXT                (KIND v = variable, e = expression;
//                                              VERDICT stack|heap; TEXT = the variable's name
//                                              or the expression as gc's -m prints it)
//
// Positions and texts are gc's (escapade-lower reproduces gc's -m columns and texts), so the
// compiler finds a site by (file, line, column, kind, text). Directories, files and sites are
// sorted (directory, file, line, column, kind, text): the output is deterministic. The same site
// seen twice with different verdicts (a file analysed in two worlds) is written twice; the
// compiler joins duplicates to heap. Sites whose text has a line break, sites of the IR itself
// (imported declarations) and compiler-generated sites (reported = false) are not written.
//
// Cost: O(s log s) for s sites; memory O(s).
#ifndef ESCAPADE_GO_VERDICTS_HPP
#define ESCAPADE_GO_VERDICTS_HPP

#include <limits.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include <escapade/escapade.hpp>

namespace escapade_go {

class verdict_writer {
public:
    /// Adds every reported site of `r` (computed on `m`) whose position is in a Go source file.
    void add(const escapade::analysis_result<escapade::ir::module>& r) {
        for (const auto& s : r.sites()) {
            if (!s.reported || !s.pos.known()) continue;
            std::string_view file = r.file_name(s.pos.file);
            if (file.empty() || file.front() == '<' || s.name.empty()) continue;
            if (s.name.find_first_of("\r\n") != std::string_view::npos) continue;
            auto [dir, base] = split(std::string(file));
            site x;
            x.line = s.pos.line;
            x.column = s.pos.column;
            x.kind = s.kind == escapade::site_kind::variable ? 'v' : 'e';
            x.heap = s.verdict == escapade::verdict::heap;
            x.text = std::string(s.name);
            dirs_[dir][base].insert(x);
        }
    }

    /// Adds the sites of a verdict file written by write() (e.g. a cached dependency's).
    /// False if it cannot be read or is not a verdict file.
    bool merge(const std::string& path) {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) return false;
        std::string text;
        char buf[65536];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
        std::fclose(f);
        const std::string header = "escapade-verdicts 1\n";
        if (text.compare(0, header.size(), header) != 0) return false;
        std::string dir, file;
        for (std::size_t at = header.size(); at < text.size();) {
            std::size_t nl = text.find('\n', at);
            if (nl == std::string::npos) nl = text.size();
            std::string line = text.substr(at, nl - at);
            at = nl + 1;
            if (line.compare(0, 4, "dir ") == 0) {
                dir = line.substr(4);
            } else if (line.compare(0, 5, "file ") == 0) {
                file = line.substr(5);
            } else if (!line.empty() && line[0] >= '0' && line[0] <= '9' && !dir.empty() && !file.empty()) {
                site x;
                char kind = 0, verdict[8] = {0};
                int used = 0;
                if (std::sscanf(line.c_str(), "%u:%u %c %7s %n", &x.line, &x.column, &kind, verdict, &used) < 4 || used <= 0) return false;
                x.kind = kind;
                x.heap = std::string_view(verdict) == "heap";
                x.text = line.substr(static_cast<std::size_t>(used));
                dirs_[dir][file].insert(x);
            }
        }
        return true;
    }

    /// The number of distinct sites held.
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (const auto& d : dirs_)
            for (const auto& f : d.second) n += f.second.size();
        return n;
    }

    /// Writes the file; `options` is the "options ..." line's text. False if it cannot be written.
    bool write(const std::string& path, const std::string& options) const {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (f == nullptr) return false;
        std::fprintf(f, "escapade-verdicts 1\noptions %s\n", options.c_str());
        for (const auto& [dir, files] : dirs_) {
            std::fprintf(f, "dir %s\n", dir.c_str());
            for (const auto& [file, sites] : files) {
                std::fprintf(f, "file %s\n", file.c_str());
                for (const site& s : sites)
                    std::fprintf(f, "%u:%u %c %s %s\n", s.line, s.column, s.kind, s.heap ? "heap" : "stack", s.text.c_str());
            }
        }
        return std::fclose(f) == 0;
    }

private:
    struct site {
        unsigned line = 0, column = 0;
        char kind = 'e';
        bool heap = true;
        std::string text;
        bool operator<(const site& o) const {
            return std::tie(line, column, kind, text, heap) < std::tie(o.line, o.column, o.kind, o.text, o.heap);
        }
    };
    // The canonical directory (realpath) and base name of a source file name.
    std::pair<std::string, std::string> split(const std::string& file) {
        std::size_t slash = file.rfind('/');
        std::string dir = slash == std::string::npos ? std::string(".") : file.substr(0, slash == 0 ? 1 : slash);
        std::string base = slash == std::string::npos ? file : file.substr(slash + 1);
        auto it = canonical_.find(dir);
        if (it == canonical_.end()) {
            char buf[PATH_MAX];
            std::string real = realpath(dir.c_str(), buf) != nullptr ? std::string(buf) : dir;
            it = canonical_.emplace(dir, real).first;
        }
        return {it->second, base};
    }
    std::map<std::string, std::map<std::string, std::set<site>>> dirs_;
    std::map<std::string, std::string> canonical_;
};

}  // namespace escapade_go

#endif
