package main

import (
	"context"
	"encoding/json"
	"fmt"
)

// module is what `go list -m -json` and `go mod edit -json` say of a
// module.
type module struct {
	Path    string
	Version string
	Replace *module
}

// requiredVersion is the version of path the module in g.dir builds with
// (its replacement's, if replaced).
func requiredVersion(ctx context.Context, g goCmd, path string) (string, error) {
	m, err := listModule(ctx, g, path)
	if err != nil {
		return "", err
	}
	if m.Replace != nil {
		return m.Replace.Version, nil
	}
	return m.Version, nil
}

// newestVersion is the version `go get path@latest` would move to: the
// newest release the module proxy serves (GOPROXY).
func newestVersion(ctx context.Context, g goCmd, path string) (string, error) {
	m, err := listModule(ctx, g, path+"@latest")
	if err != nil {
		return "", fmt.Errorf("the newest version of %s: %w", path, err)
	}
	return m.Version, nil
}

func listModule(ctx context.Context, g goCmd, query string) (module, error) {
	out, err := g.output(ctx, "list", "-m", "-json", query)
	if err != nil {
		return module{}, err
	}
	var m module
	if err := json.Unmarshal(out, &m); err != nil {
		return module{}, fmt.Errorf("go list -m -json %s: %w", query, err)
	}
	if m.Version == "" {
		return module{}, fmt.Errorf("go list -m %s: no version", query)
	}
	return m, nil
}

// requirements reads the require directives of the go.mod in g.dir.
func requirements(ctx context.Context, g goCmd) (map[string]string, error) {
	out, err := g.output(ctx, "mod", "edit", "-json")
	if err != nil {
		return nil, err
	}
	var f struct{ Require []module }
	if err := json.Unmarshal(out, &f); err != nil {
		return nil, fmt.Errorf("go mod edit -json: %w", err)
	}
	reqs := map[string]string{}
	for _, r := range f.Require {
		reqs[r.Path] = r.Version
	}
	return reqs, nil
}

// moves lists the requirements that differ between before and after,
// leaving out the module that was upgraded, sorted by path.
func moves(before, after map[string]string, upgraded string) []Move {
	var out []Move
	for path, v := range after {
		if path != upgraded && before[path] != v {
			out = append(out, Move{Module: path, From: before[path], To: v})
		}
	}
	for path, v := range before {
		if _, ok := after[path]; !ok && path != upgraded {
			out = append(out, Move{Module: path, From: v})
		}
	}
	sortMoves(out)
	return out
}
