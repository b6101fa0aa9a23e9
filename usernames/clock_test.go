package usernames

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSystemClockSleep(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// a cancelled context ends even a long sleep at once
	if err := (systemClock{}).Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep on a cancelled context = %v", err)
	}
	if err := (systemClock{}).Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(0) on a cancelled context = %v", err)
	}
	if err := (systemClock{}).Sleep(context.Background(), time.Nanosecond); err != nil {
		t.Errorf("Sleep(1ns) = %v", err)
	}
}

func TestSystemClockNow(t *testing.T) {
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if got := SystemClock(func() time.Time { return fixed }).Now(); !got.Equal(fixed) {
		t.Errorf("Now() = %s, want the injected %s", got, fixed)
	}
	before := time.Now()
	if got := SystemClock(nil).Now(); got.Before(before) {
		t.Errorf("SystemClock(nil).Now() = %s, before %s", got, before)
	}
}
