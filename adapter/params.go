package adapter

import (
	"database/sql/driver"
	"fmt"
	"strings"
)

// How arguments bind to parameters, the same on every driver and path (DB,
// Tx, Stmt, DB.SQL), enforced by the adapter before the driver sees them
// (https://sqlite.org/lang_expr.html#parameters):
//
//   - Every parameter has an index: ? takes the next one, ?NNN takes NNN,
//     and a named parameter (:name, @name, $name) the one it got where its
//     name first appears.
//   - An argument without a name binds the parameter whose index is its
//     position in the argument list, whatever the parameter's form.
//   - A named argument (sql.Named, or a key of one map[string]any) binds
//     every parameter of that name, whatever its prefix: "a" binds :a, @a
//     and $a. Its name is written without the prefix (a leading :, @ or $
//     in a map key is ignored).
//   - Every parameter gets exactly one value and every argument binds at
//     least one parameter: a parameter that no argument reaches (with
//     positional arguments only: a count that differs from the highest
//     index), a parameter reached twice, an argument that matches no
//     parameter, and two arguments of one name are errors. So are
//     positional arguments for a statement that uses one name with two
//     prefixes (:a and $a), which the drivers cannot tell apart by name.
//
// Every such error wraps [ErrArgument] and names the parameter or
// argument. The drivers receive arguments by index only.

// bindArgs checks args against the parameters of a statement (count n,
// names by index) and returns them by index.
func bindArgs(n int, names []string, args []driver.NamedValue) ([]driver.NamedValue, error) {
	named := 0
	for i := range args {
		if args[i].Name != "" {
			named++
		}
	}
	if named == 0 {
		if len(args) != n {
			return nil, fmt.Errorf("%w: statement has %d parameters, got %d arguments", ErrArgument, n, len(args))
		}
		if a, b := sharedName(names); a != "" {
			return nil, fmt.Errorf("%w: parameters %s and %s share a name: bind them with a named argument %q", ErrArgument, a, b, a[1:])
		}
		return args, nil
	}
	return bindByName(n, names, args)
}

// bindByName binds arguments some of which are named.
func bindByName(n int, names []string, args []driver.NamedValue) ([]driver.NamedValue, error) {
	out := make([]driver.NamedValue, n)
	set := make([]bool, n)
	put := func(i int, v driver.Value, what string) error {
		if set[i] {
			return fmt.Errorf("%w: parameter %s gets two values (the second from %s)", ErrArgument, paramLabel(names, i), what)
		}
		set[i] = true
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		return nil
	}
	for k, a := range args {
		if a.Name != "" {
			if j := argNamed(args[:k], a.Name); j >= 0 {
				return nil, fmt.Errorf("%w: two arguments are named %q", ErrArgument, a.Name)
			}
			if err := bindNamed(names, a, put); err != nil {
				return nil, err
			}
			continue
		}
		if k >= n {
			return nil, fmt.Errorf("%w: argument %d has no parameter ?%[2]d (the statement has %d)", ErrArgument, k+1, n)
		}
		if err := put(k, a.Value, fmt.Sprintf("argument %d", k+1)); err != nil {
			return nil, err
		}
	}
	for i, ok := range set {
		if !ok {
			return nil, fmt.Errorf("%w: no argument for parameter %s", ErrArgument, paramLabel(names, i))
		}
	}
	return out, nil
}

// bindNamed binds the named argument a to every parameter of its name.
func bindNamed(names []string, a driver.NamedValue, put func(int, driver.Value, string) error) error {
	bound := false
	for i, name := range names {
		if name != "" && name[1:] == a.Name {
			if err := put(i, a.Value, fmt.Sprintf("argument %q", a.Name)); err != nil {
				return err
			}
			bound = true
		}
	}
	if !bound {
		return fmt.Errorf("%w: argument %q matches no parameter of the statement (:%[2]s, @%[2]s or $%[2]s)", ErrArgument, a.Name)
	}
	return nil
}

// paramLabel names parameter i (0-based) as written, or as ?N.
func paramLabel(names []string, i int) string {
	if i < len(names) && names[i] != "" {
		return names[i]
	}
	return fmt.Sprintf("?%d", i+1)
}

// sharedName returns two parameters whose names differ only in prefix.
func sharedName(names []string) (a, b string) {
	for i, x := range names {
		for _, y := range names[:i] {
			if x != "" && y != "" && x[1:] == y[1:] {
				return y, x
			}
		}
	}
	return "", ""
}

// argNamed returns the index of the argument called name, or -1.
func argNamed(args []driver.NamedValue, name string) int {
	for k := range args {
		if args[k].Name == name {
			return k
		}
	}
	return -1
}

// paramName strips the prefix a map key may carry.
func paramName(key string) string {
	if key != "" && strings.IndexByte(":@$", key[0]) >= 0 {
		return key[1:]
	}
	return key
}
