package api

import (
	"context"
	"errors"
	"strings"

	"github.com/anysqlite/anysqlite/sqlite"

	"github.com/anysqlite/anysqlite/adapter"
	"github.com/anysqlite/anysqlite/conformance/spec"
)

// fts5Cases: a build without FTS5 says so, and how to enable it; one with
// it can use it.
var fts5Cases = []spec.Case{
	{
		Name: "FTS5AvailabilityTruthful",
		Doc:  "DriverInfo.Features[fts5] and Supports tell the truth: if supported, an fts5 table works; if not, Supports is errors.ErrUnsupported with the reason, and CREATE VIRTUAL TABLE fails with ErrError and a message containing it",
		Action: func(ctx context.Context, e *spec.Env) (any, error) {
			s := e.Driver.Features[adapter.FeatureFTS5]
			supports := e.Driver.Supports(adapter.FeatureFTS5)
			if s.OK != (supports == nil) {
				return nil, spec.Failf("Features[fts5].OK is %v but Supports(fts5) = %v", s.OK, supports)
			}
			err := e.DB.Exec(ctx, "CREATE VIRTUAL TABLE docs USING fts5(body)")
			if !s.OK {
				if s.Reason == "" {
					return nil, spec.Failf("FTS5 unsupported without a reason")
				}
				if !errors.Is(supports, errors.ErrUnsupported) || !strings.Contains(supports.Error(), s.Reason) {
					return nil, spec.Failf("Supports(fts5) = %v, want errors.ErrUnsupported with the reason %q", supports, s.Reason)
				}
				var se *adapter.Error
				if !errors.As(err, &se) || se.Code() != sqlite.ERROR {
					return nil, spec.Failf("CREATE VIRTUAL TABLE without FTS5: %v, want an *adapter.Error with ErrError", err)
				}
				if !strings.Contains(se.Message(), s.Reason) {
					return nil, spec.Failf("message %q does not contain the reason %q", se.Message(), s.Reason)
				}
				return "truthful", nil
			}
			if err != nil {
				return nil, spec.Failf("FTS5 reported supported, but: %v", err)
			}
			if _, err := e.DB.Run(ctx, "INSERT INTO docs(body) VALUES ('the quick brown fox'), ('lazy dogs')"); err != nil {
				return nil, err
			}
			var bodies []string
			if err := e.DB.All(ctx, &bodies, "SELECT body FROM docs WHERE docs MATCH ?", "quick"); err != nil {
				return nil, err
			}
			if len(bodies) != 1 || bodies[0] != "the quick brown fox" {
				return nil, spec.Failf("MATCH 'quick' = %q", bodies)
			}
			return "truthful", nil
		},
		Want: "truthful",
	},
}
