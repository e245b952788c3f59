package badinput

import (
	"context"
	"time"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// destCases: Get and All refuse a destination they cannot fill with
// ErrDestination, and release the statement and connection they used.
var destCases = []spec.Case{
	{
		Name:  "GetBadDestinations",
		Doc:   "Get into nil, a non-pointer, a nil pointer, a func, chan or map, a scalar for two columns, a struct without a matching field, or a value that does not fit is ErrDestination",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"nil":           get(nil, "SELECT v FROM keep WHERE id = 1"),
			"non-pointer":   get(int64(0), "SELECT id FROM keep WHERE id = 1"),
			"nil pointer":   get((*int64)(nil), "SELECT id FROM keep WHERE id = 1"),
			"func":          get(new(func()), "SELECT id FROM keep WHERE id = 1"),
			"chan":          get(new(chan int), "SELECT id FROM keep WHERE id = 1"),
			"map[int]int":   get(new(map[int]int), "SELECT id FROM keep WHERE id = 1"),
			"two columns":   get(new(int64), "SELECT id, v FROM keep WHERE id = 1"),
			"no field":      get(new(struct{ ID int64 }), "SELECT id, v FROM keep WHERE id = 1"),
			"NULL to int":   get(new(int64), "SELECT NULL"),
			"text to int":   get(new(int64), "SELECT v FROM keep WHERE id = 1"),
			"int8 range":    get(new(int8), "SELECT 300"),
			"uint negative": get(new(uint), "SELECT -1"),
			"real to int":   get(new(int64), "SELECT 1.5"),
			"blob to time":  get(new(time.Time), "SELECT x'00'"),
			"text to bool":  get(new(bool), "SELECT 'perhaps'"),
			"slice":         get(new([]int64), "SELECT id FROM keep"),
			"float32 range": get(new(float32), "SELECT 1e300"),
		}),
		Want: map[string]string{"nil": "ErrDestination", "non-pointer": "ErrDestination", "nil pointer": "ErrDestination",
			"func": "ErrDestination", "chan": "ErrDestination", "map[int]int": "ErrDestination",
			"two columns": "ErrDestination", "no field": "ErrDestination", "NULL to int": "ErrDestination",
			"text to int": "ErrDestination", "int8 range": "ErrDestination", "uint negative": "ErrDestination",
			"real to int": "ErrDestination", "blob to time": "ErrDestination", "text to bool": "ErrDestination",
			"slice": "ErrDestination", "float32 range": "ErrDestination"},
	},
	{
		Name:  "AllBadDestinations",
		Doc:   "All into nil, a non-pointer, a pointer to a non-slice, a slice of chan, or a slice whose element cannot take a row is ErrDestination",
		Setup: keep,
		Action: kinds(map[string]func(context.Context, *spec.Env) error{
			"nil":               allInto(nil, "SELECT v FROM keep"),
			"non-pointer":       allInto([]string{}, "SELECT v FROM keep"),
			"pointer to int":    allInto(new(int64), "SELECT id FROM keep"),
			"slice of chan":     allInto(new([]chan int), "SELECT id FROM keep"),
			"two columns":       allInto(new([]int64), "SELECT id, v FROM keep"),
			"text to int":       allInto(new([]int64), "SELECT v FROM keep"),
			"nil slice pointer": allInto((*[]string)(nil), "SELECT v FROM keep"),
			"array":             allInto(new([3]string), "SELECT v FROM keep"),
		}),
		Want: map[string]string{"nil": "ErrDestination", "non-pointer": "ErrDestination", "pointer to int": "ErrDestination",
			"slice of chan": "ErrDestination", "two columns": "ErrDestination", "text to int": "ErrDestination",
			"nil slice pointer": "ErrDestination", "array": "ErrDestination"},
	},
	{
		Name:     "DestinationErrorReleasesConnection",
		Doc:      "after twenty failed Gets and Alls on a one-connection pool, the connection is free: a write and a TRUNCATE checkpoint go through",
		Requires: []adapter.Feature{adapter.FeatureLocalFile},
		Options:  adapter.Options{MaxOpenConns: 1},
		Setup:    keep,
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			for range 10 {
				var c chan int
				if err := e.DB.Get(ctx, &c, "SELECT id FROM keep"); typed(err) != nil || err == nil {
					return nil, spec.Failf("Get into chan: %v", err)
				}
				var xs []int64
				if err := e.DB.All(ctx, &xs, "SELECT v FROM keep"); typed(err) != nil || err == nil {
					return nil, spec.Failf("All of text into []int64: %v", err)
				}
			}
			short, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if _, err := e.DB.Run(short, "INSERT INTO keep(v) VALUES ('four')"); err != nil {
				return nil, spec.Failf("write after the failures: %v", err)
			}
			r, err := e.DB.Checkpoint(short, adapter.CheckpointTruncate)
			if err != nil {
				return nil, err
			}
			return r.Busy, intact(ctx, e, append(append([]string{}, keepRows...), "4=four"))
		},
		Want: false,
	},
}

// get returns an attempt that runs query with Get into dest.
func get(dest any, query string) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error { return e.DB.Get(ctx, dest, query) }
}

// allInto returns an attempt that runs query with All into dest.
func allInto(dest any, query string) func(context.Context, *spec.Env) error {
	return func(ctx context.Context, e *spec.Env) error { return e.DB.All(ctx, dest, query) }
}
