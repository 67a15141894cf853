//go:build !race

package table

// raceEnabled: the race detector changes allocation counts (sync.Pool drops items).
const raceEnabled = false
