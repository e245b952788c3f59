package rqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// ServerInfo describes the rqlite node that answered [Client.Status].
type ServerInfo struct {
	// Node is the URL of the node that answered.
	Node string
	// Version is rqlite's version ("v8.36.0"; "8" for a build without
	// release link flags).
	Version string
	// SQLiteVersion is the SQLite library rqlite links, e.g. "3.46.1".
	SQLiteVersion string
	// CompileOptions are that library's compile-time options
	// (PRAGMA compile_options).
	CompileOptions []string
	// Leader is the Raft node ID of the leader the node knows, or "".
	Leader string
	// ForeignKeys is true when the node runs with -fk (foreign key
	// enforcement on every connection).
	ForeignKeys bool
}

// Status asks the nodes in turn for GET /status and returns the first
// answer.
func (c *Client) Status(ctx context.Context) (ServerInfo, error) {
	var last error
	for range c.cfg.nodes {
		node := c.nextNode()
		info, err := c.status(ctx, node)
		if err == nil {
			return info, nil
		}
		last = err
		if ctx.Err() != nil {
			break
		}
	}
	return ServerInfo{}, fmt.Errorf("%w: %w", ErrUnavailable, last)
}

func (c *Client) status(ctx context.Context, node *url.URL) (ServerInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.attempt)
	defer cancel()
	u := *node
	u.Path += "/status"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return ServerInfo{}, err
	}
	if c.cfg.user != nil {
		p, _ := c.cfg.user.Password()
		req.SetBasicAuth(c.cfg.user.Username(), p)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return ServerInfo{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return ServerInfo{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return ServerInfo{}, fmt.Errorf("rqlite: GET /status: HTTP %d", resp.StatusCode)
	}
	var st struct {
		Build struct {
			Version string `json:"version"`
		} `json:"build"`
		Store struct {
			Leader struct {
				NodeID string `json:"node_id"`
			} `json:"leader"`
			SQLite3 struct {
				Version        string   `json:"version"`
				CompileOptions []string `json:"compile_options"`
				Pragmas        struct {
					RW struct {
						ForeignKeys string `json:"foreign_keys"`
					} `json:"rw"`
				} `json:"pragmas"`
			} `json:"sqlite3"`
		} `json:"store"`
	}
	if err := json.Unmarshal(body, &st); err != nil {
		return ServerInfo{}, fmt.Errorf("rqlite: GET /status: %w", err)
	}
	return ServerInfo{
		Node:           node.String(),
		Version:        st.Build.Version,
		SQLiteVersion:  st.Store.SQLite3.Version,
		CompileOptions: st.Store.SQLite3.CompileOptions,
		Leader:         st.Store.Leader.NodeID,
		ForeignKeys:    st.Store.SQLite3.Pragmas.RW.ForeignKeys == "1",
	}, nil
}
