// Package events dispatches named events to registered handlers.
package events

// Event is dispatched to handlers.
type Event struct{ N int }

// Handler handles an event.
type Handler func(e *Event)

var handlers = map[string][]Handler{}

// On registers h for name.
func On(name string, h Handler) { handlers[name] = append(handlers[name], h) }

// Emit calls the handlers of name with e.
func Emit(name string, e *Event) {
	for _, h := range handlers[name] {
		h(e)
	}
}
