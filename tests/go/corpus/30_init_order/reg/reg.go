// Package reg is a plugin registry: plugins register in init functions of other packages.
package reg

// Plugin handles values.
type Plugin interface{ Handle(p *int) }

var plugins []Plugin

// Order records the order in which packages initialised.
var Order []string

// Register adds a plugin.
func Register(name string, p Plugin) {
	Order = append(Order, name)
	plugins = append(plugins, p)
}

// Run hands a new value to every plugin.
func Run(v int) {
	x := v // ESC x heap
	Each(&x)
}

// Each hands p to every plugin.
func Each(p *int) {
	for _, pl := range plugins {
		pl.Handle(p)
	}
}
