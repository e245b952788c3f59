package wrap

import (
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"
	"testing"

	contract "github.com/anysqlite/anysqlite/adapter/driver"
)

// TestApplyDBConfig checks the order, the values and the errors of
// ApplyDBConfig with a fake sqlite3_db_config; the drivers' tests check
// the real one.
func TestApplyDBConfig(t *testing.T) {
	opts := map[contract.DBConfigOp]bool{
		contract.DBConfigTrustedSchema:       false,
		contract.DBConfigDefensive:           true,
		contract.DBConfigEnableLoadExtension: false,
	}
	if err := CheckDBConfig("test", opts); err != nil {
		t.Fatal(err)
	}
	var calls []contract.DBConfigOp
	ok := func(op contract.DBConfigOp, on bool) (int, int, error) {
		calls = append(calls, op)
		if on != opts[op] {
			t.Errorf("option %d set to %t, want %t", op, on, opts[op])
		}
		if on {
			return 0, 1, nil
		}
		return 0, 0, nil
	}
	if err := ApplyDBConfig("test", opts, ok); err != nil {
		t.Fatal(err)
	}
	if want := []contract.DBConfigOp{contract.DBConfigEnableLoadExtension, contract.DBConfigDefensive, contract.DBConfigTrustedSchema}; !reflect.DeepEqual(calls, want) {
		t.Errorf("set %v, want %v in that order", calls, want)
	}

	failing := map[string]DBConfigSetter{
		"returned 1":              func(contract.DBConfigOp, bool) (int, int, error) { return 1, 0, nil },
		"left the option at 0":    func(contract.DBConfigOp, bool) (int, int, error) { return 0, 0, nil },
		"left the option at -1":   func(contract.DBConfigOp, bool) (int, int, error) { return 0, -1, nil },
		"out of memory (no code)": func(contract.DBConfigOp, bool) (int, int, error) { return 0, 0, errors.New("out of memory (no code)") },
	}
	for want, set := range failing {
		err := ApplyDBConfig("test", map[contract.DBConfigOp]bool{contract.DBConfigDefensive: true}, set)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want an error containing %q", err, want)
		}
		if want != "out of memory (no code)" && !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("%v does not wrap errors.ErrUnsupported", err)
		}
	}

	err := CheckDBConfig("test", map[contract.DBConfigOp]bool{9999: true})
	if !errors.Is(err, errors.ErrUnsupported) || !strings.HasPrefix(err.Error(), "test: ") {
		t.Errorf("unknown option: %v", err)
	}
}

func TestNonNilBlobs(t *testing.T) {
	row := []driver.Value{[]byte(nil), nil, []byte{1}, "", int64(0)}
	NonNilBlobs(row)
	if want := []driver.Value{[]byte{}, nil, []byte{1}, "", int64(0)}; !reflect.DeepEqual(row, want) || row[0].([]byte) == nil {
		t.Errorf("got %#v, want %#v", row, want)
	}
}

func TestNamed(t *testing.T) {
	got := Named([]driver.Value{int64(1), "b"})
	want := []driver.NamedValue{{Ordinal: 1, Value: int64(1)}, {Ordinal: 2, Value: "b"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
