package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/usernames"
)

// resolveNames fills the users' names of the report from --users, the cache and
// --resolve-api. Only the subjects the report shows are resolved, so a month of logs
// costs as many API requests as a day's.
func (o *reportOptions) resolveNames(ctx context.Context, rep *report.Report, s Streams) error {
	if o.Users == "" && o.ResolveAPI == "" {
		return nil
	}
	warn := func(msg string) { fmt.Fprintln(s.Err, "jwtriage: warning: "+oneLine(msg)) }
	opts := []usernames.Option{
		usernames.WithVersion(Version),
		usernames.WithWarn(warn),
		usernames.WithClock(usernames.SystemClock(s.now)),
	}
	if o.Users != "" {
		m, err := usernames.LoadMap(o.Users)
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fileError("read", "--users", o.Users, err)
		}
		var me *usernames.MapError
		if errors.As(err, &me) && me.File == o.Users { // "--users FILE:LINE: …", the path once
			return errors.New("--users " + me.Error())
		}
		if err != nil {
			return fmt.Errorf("--users %s: %w", o.Users, err)
		}
		opts = append(opts, usernames.WithUsers(m))
	}
	if o.ResolveAPI != "" {
		cache := o.Cache
		if cache == "" {
			p, err := usernames.DefaultCachePath()
			if err != nil {
				warn("no username cache (give --cache FILE): " + err.Error())
			}
			cache = p
		}
		opts = append(opts,
			usernames.WithAPI(o.ResolveAPI),
			usernames.WithAllowInsecureHTTP(o.es.AllowInsecureHTTP),
			usernames.WithContact(o.Contact),
			usernames.WithCache(cache),
			usernames.WithCacheTTL(o.CacheTTL, min(o.CacheTTL, 24*time.Hour)),
			usernames.WithMaxRequests(o.ResolveMax),
		)
	}
	r, err := usernames.New(opts...)
	if err != nil {
		return usagef("report: %v", err)
	}
	res, _ := r.Resolve(ctx, rep.Subjects())
	names := make(map[string]report.UserName, len(res))
	for subject, rr := range res {
		switch rr.Status {
		case usernames.Resolved:
			names[subject] = report.UserName{Name: rr.Name}
		case usernames.Missing, usernames.Invalid, usernames.Unresolved:
			names[subject] = report.UserName{Status: rr.Status.String()}
		}
	}
	rep.ApplyNames(names)
	return nil
}
