//go:build race

package stress

// raceEnabled: this binary (and so every worker it starts) runs under the
// race detector, several times slower.
const raceEnabled = true
