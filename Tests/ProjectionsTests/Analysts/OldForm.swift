/// A kept projection as a caselog before layout 4 wrote it, with Foundation's JSONEncoder: the
/// `triage` spec of `KeptProjectionTests` added from /home/analyst/triage.yaml over its three
/// events (these bytes were written by the release build of commit 6518734).
enum OldForm {
    static let entry = #"""
        {"title":"triage","path":"\/home\/analyst\/triage.yaml","text":"name: triage\nevents:\n  types: [safeguarding.
        concern-raised]\nper-case:\n  days: { working-days: { from: safeguarding.concern-raised, to: safeguarding.tria
        ged } }\n  risk: { last: safeguarding.triaged, field: riskLevel }\n  triaged-in-time: { deadline: triage }\ngr
        oup-by: [month, risk]\nmeasures:\n  concerns: count\n  median-days: { median: days }\n  in-time: { share: tria
        ged-in-time }\n","name":"triage"}
        """#.oneLine

    static let state = #"""
        {"specText":"name: triage\nevents:\n  types: [safeguarding.concern-raised]\nper-case:\n  days: { working-days
        : { from: safeguarding.concern-raised, to: safeguarding.triaged } }\n  risk: { last: safeguarding.triaged, fie
        ld: riskLevel }\n  triaged-in-time: { deadline: triage }\ngroup-by: [month, risk]\nmeasures:\n  concerns: coun
        t\n  median-days: { median: days }\n  in-time: { share: triaged-in-time }\n","state":{"rows":[],"position":3,"
        implementedAt":{},"subjectOfCase":[],"caseSlots":[2,0],"reviewOpenedAt":{},"workers":[],"recommendationFinding
        s":{},"findingFactors":{},"cases":[{"reference":"SG-2025-000001","file":[2,2,0,0,0,0,0,0,0,0,196,61,157,148,47
        ,6,0,2,0,0,0,1,212,99,158,214,4,214,142,25,132,224,129,9,137,255,75,109,0,4,143,97,108,47,6,0,65,0,8,0,0,0,80,
        45,48,48,48,48,48,49,0,9,228,118,10,141,65,75,143,128,163,224,12,163,180,147,186,176,0,196,61,157,148,47,6,0,4
        ,0,4,0,0,0,104,105,103,104],"anchor":{"position":2,"occurredAt":1740992400000000,"values":[]},"folds":[{"betwe
        en":{"to":[1741165200000000],"from":1740992400000000}},{"value":{"_0":{"text":{"_0":"high"}},"at":174116520000
        0000}},{"empty":{}}]}],"subjects":{}},"layout":3}
        """#.oneLine

    /// The spec's text, as the entry holds it.
    static let text = KeptProjectionTests.triage + "\n"
}

extension String {
    /// The lines joined without their breaks: JSON of one line, split for reading.
    var oneLine: String { split(separator: "\n").joined() }
}
