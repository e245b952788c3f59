// Command hello is the smallest program on the modernc driver: it opens an
// in-memory database and prints the driver, its SQLite version and, one
// line each, the features it has or lacks and why. `conform footprint`
// builds it to measure what the driver costs a program (binary size, cold
// build time) and which features a plain build has (docs/footprint.json).
//
//	go run ./examples/hello/modernc
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/anysqlite/anysqlite/adapter"
	_ "github.com/anysqlite/anysqlite/drivers/modernc"
)

func main() {
	ctx := context.Background()
	db, err := adapter.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	info := db.Driver()
	fmt.Println(info.Name, info.SQLiteVersion)
	for _, f := range info.FeatureNames() {
		if s := info.Features[f]; s.OK {
			fmt.Println(f, "ok")
		} else {
			fmt.Println(f, "no:", s.Reason)
		}
	}
}
