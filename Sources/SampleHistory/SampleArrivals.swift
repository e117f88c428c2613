import Casework
/// The daily arrivals of a housing association of the configured size: new referrals,
/// concerns, complaints, compliments and suggestions and subjects each day, and a panel review
/// every month or two.
///
/// Yearly rates for 12,000 homes: about 900 tenancy support referrals, 350 safeguarding concerns
/// (some out of hours), 600 complaints (about 50 per 1,000 homes, some sent at weekends), 8 panel
/// reviews, 160 compliments and suggestions, and the subjects they need (about 1,200 a year with the few registered for other reasons).
final class SampleArrivals: SampleScript {
    private var day: Int
    private var time: Int64
    private var nextReviewDay: Int?

    static let tenancyReferralsPerWorkingDay = 900.0 / 253
    static let safeguardingConcernsPerWorkingDay = 300.0 / 253
    static let safeguardingConcernsPerDayOutOfHours = 50.0 / 365
    static let complaintsPerWorkingDay = 540.0 / 253
    static let complaintsPerDayAnyTime = 60.0 / 365
    static let otherRegistrationsPerWorkingDay = 40.0 / 253
    static let detailChangesPerWorkingDay = 160.0 / 253
    static let feedbackPerWorkingDay = 160.0 / 253

    init(start: Int64) {
        time = start
        day = SampleCalendar.localDay(of: start)
    }

    var nextTime: Int64? { time }

    func runNext(_ simulator: SampleSimulator) {
        let scale = simulator.scale
        let isWorkingDay = simulator.calendar.isWorkingDay(day)
        if nextReviewDay == nil { nextReviewDay = day + simulator.random.int(18...35) }

        func anyTime(from firstMinute: Int, to lastMinute: Int) -> Int64 {
            max(simulator.now, SampleCalendar.instant(day: day, minute: simulator.random.int(firstMinute...lastMinute)))
        }
        func officeTime() -> Int64 {
            max(simulator.now, simulator.officeTime(on: day))
        }

        if isWorkingDay {
            for _ in 0..<simulator.random.poisson(mean: Self.tenancyReferralsPerWorkingDay * scale) {
                simulator.schedule(SampleTenancyCase(openingAt: officeTime()))
            }
            for _ in 0..<simulator.random.poisson(mean: Self.safeguardingConcernsPerWorkingDay * scale) {
                simulator.schedule(SampleSafeguardingCase(openingAt: officeTime()))
            }
            for _ in 0..<simulator.random.poisson(mean: Self.complaintsPerWorkingDay * scale) {
                simulator.schedule(SampleComplaintCase(openingAt: officeTime()))
            }
            for _ in 0..<simulator.random.poisson(mean: Self.otherRegistrationsPerWorkingDay * scale) {
                simulator.schedule(SampleSubjectContact(at: officeTime(), isNewSubject: true))
            }
            for _ in 0..<simulator.random.poisson(mean: Self.detailChangesPerWorkingDay * scale) {
                simulator.schedule(SampleSubjectContact(at: officeTime(), isNewSubject: false))
            }
            simulator.withFeedbackRandom {
                for _ in 0..<simulator.random.poisson(mean: Self.feedbackPerWorkingDay * scale) {
                    simulator.schedule(SampleFeedbackCase(openingAt: officeTime()))
                }
            }
        }
        for _ in 0..<simulator.random.poisson(mean: Self.safeguardingConcernsPerDayOutOfHours * scale) {
            let minute = simulator.random.chance(0.5) ? simulator.random.int(0...479) : simulator.random.int(1_050...1_439)
            simulator.schedule(SampleSafeguardingCase(openingAt: anyTime(from: minute, to: minute)))
        }
        for _ in 0..<simulator.random.poisson(mean: Self.complaintsPerDayAnyTime * scale) {
            simulator.schedule(SampleComplaintCase(openingAt: anyTime(from: 420, to: 1_380)))
        }
        if let reviewDay = nextReviewDay, day >= reviewDay, isWorkingDay {
            let review = SamplePanelReview(openingAt: officeTime())
            simulator.schedule(review)
            nextReviewDay = day + max(1, Int((Double(simulator.random.int(30...60)) / scale).rounded()))
        }

        day += 1
        time = SampleCalendar.instant(day: day, minute: 0)
    }
}

/// Someone known or new gets in touch outside any case: a new tenant registered, or a change of
/// phone, email, address or support needs.
final class SampleSubjectContact: SampleScript {
    private var time: Int64?
    private let isNewSubject: Bool

    init(at time: Int64, isNewSubject: Bool) {
        self.time = time
        self.isNewSubject = isNewSubject
    }

    var nextTime: Int64? { time }

    func runNext(_ simulator: SampleSimulator) {
        guard let time else { return }
        self.time = nil
        if isNewSubject {
            if simulator.random.chance(0.7) {
                _ = simulator.registerHousehold(at: time)
            } else {
                _ = simulator.registerPerson(at: time, familyName: simulator.random.pick(SampleVocabulary.familyNames),
                                             isChild: false, address: simulator.makeAddress())
            }
        } else if let subject = simulator.random.chance(0.6)
                    ? simulator.population.households.randomElement(&simulator.random)
                    : simulator.population.people.randomElement(&simulator.random),
                  subject.stream.openedRecordedAt < time - 30 * SampleCalendar.microsecondsPerDay {
            simulator.changeSubjectDetails(subject, at: time)
        }
    }
}
