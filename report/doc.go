// Package report is the jwtriage.report.v1 model: the result of a run as data, what an
// earlier run's report says in comparison, and the exit condition a daily job checks.
// It imports nothing of the log readers or the classifier, so any program can read,
// compare and judge reports.
//
// The layout of the report packages, in the order data flows through them:
//
//   - report/aggregate folds classified events into a [Report] with bounded memory;
//     it is the only report package that knows the classifier, the normalizer and
//     the sources.
//   - report (this package) holds the [Report] and its parts ([Kind], [Totals],
//     [TokenStats], …), whose JSON form is the contract ([Schema]); [DecodeReport] and
//     [LoadReport] read one back, rejecting anything that is not a report; [Compare]
//     turns a report and an earlier one into a [Delta] (new kinds, vanished kinds,
//     spikes of the hourly rate); [FailOn] says whether a --fail-on condition holds;
//     [Report.Subjects] and [Report.ApplyNames] let a resolver name the users.
//   - report/drivers explains a rise from two reports' top lists and hourly series;
//     [Compare] fills each new or spiking kind's Drivers and Began with it, and
//     [MarkJumps] a kind's Began when its rate jumps within the window.
//   - report/render writes a [Report] in each output format (render.Formats,
//     render.Write), with the [Delta] when the report carries one.
//
// Counts are observed events; estimates multiply each by its sampling weight. Every
// number is exact or carries its bound: a top-list entry past the memory budget has an
// Error (its true count lies in [Count-Error, Count]), each kind says how many distinct
// values each list met ([Distinct], exact or estimated within ±2 %) and how many
// candidates its bounds left out ([Uncertain]); counts and estimates per kind stay
// exact.
package report
