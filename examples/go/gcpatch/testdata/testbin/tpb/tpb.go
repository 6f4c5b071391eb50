// Package tpb's test binary registers a sink that keeps tp.Run's counter's address (testbin.sh).
package tpb
