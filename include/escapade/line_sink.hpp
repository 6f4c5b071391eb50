// escapade/line_sink.hpp - a non-owning reference to a callable bool(std::string_view): where the
// compiled entry points (config.hpp's ESCAPADE_COMPILED) write their lines.
//
//   escapade::write_report(m, result, escapade::report_format::text, false,
//                          [](std::string_view line) { std::puts(...); return true; });
//
// A line_sink is made from any callable (a lambda, a function object, a function pointer's
// reference) that returns something convertible to bool: false stops the writer. It refers to the
// callable, does not copy it: it is valid while the callable lives (a temporary lambda passed
// straight to a call lives through that call). One indirect call per line; no allocation.
#ifndef ESCAPADE_LINE_SINK_HPP
#define ESCAPADE_LINE_SINK_HPP

#include <string_view>
#include <type_traits>

namespace escapade {

class line_sink {
public:
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, line_sink>>>
    line_sink(F&& f) noexcept  // NOLINT: implicit on purpose, like std::function_ref
        : object_(address_of(f)),
          call_(&invoke<std::remove_reference_t<F>>) {}
    bool operator()(std::string_view line) const noexcept { return call_(object_, line); }

private:
    /// std::addressof without <memory> (0.1 s of compile time): the object's address even when
    /// its type overloads operator&.
    template <class F>
    static void* address_of(F& f) noexcept {
        return const_cast<void*>(static_cast<const volatile void*>(&reinterpret_cast<const volatile char&>(f)));
    }
    template <class F>
    static bool invoke(void* object, std::string_view line) noexcept {
        return static_cast<bool>((*static_cast<F*>(object))(line));
    }
    void* object_;
    bool (*call_)(void*, std::string_view) noexcept;
};

}  // namespace escapade

#endif  // ESCAPADE_LINE_SINK_HPP
