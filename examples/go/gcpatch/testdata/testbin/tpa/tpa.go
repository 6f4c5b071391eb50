// Package tpa's test binary runs tp.Run with no sink (testbin.sh).
package tpa
