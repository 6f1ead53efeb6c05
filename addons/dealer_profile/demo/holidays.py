"""Demo data only: the markets' public holidays, on the calendars of the market's
outlets (dealer_profile) and CX teams (cx_cases).

The suite's clock (models/resource_calendar.py) takes out of a calendar its own public
holidays: time off of no one on that calendar (a leave without a calendar would count in
every market's). Each calendar of a market is therefore given the market's holidays."""

from datetime import date, datetime, time, timedelta

import pytz

# Fixed-date public holidays of each market as (month, day), placed in the years around
# the install day; the US Thanksgiving (a Thursday) is computed per year.
MARKET_HOLIDAYS = {
    "nl": [(12, 25), (12, 26), (1, 1), (4, 27)],
    "be": [(12, 25), (1, 1), (7, 21)],
    "de": [(12, 25), (12, 26), (1, 1), (10, 3)],
    "se": [(12, 24), (12, 25), (12, 26), (6, 6)],
    "no": [(12, 25), (12, 26), (5, 17)],
    "my": [(12, 25), (8, 31)],
    "us": [(12, 25), (7, 4)],
}


def market_holidays(code, today):
    """The market's public holidays from three months before ``today`` to a year
    after it."""
    years = (today.year - 1, today.year, today.year + 1)
    days = [date(year, month, day) for year in years
            for month, day in MARKET_HOLIDAYS.get(code, [])]
    if code == "us":
        for year in years:
            first = date(year, 11, 1)
            days.append(first + timedelta(days=(3 - first.weekday()) % 7 + 21))
    start, end = today - timedelta(days=92), today + timedelta(days=366)
    return sorted(day for day in days if start <= day <= end)


def add_public_holidays(env, calendar, code, today):
    """The market's public holidays on ``calendar``: whole local days of its time
    zone, stored in UTC."""
    tz = pytz.timezone(calendar.tz or "UTC")

    def utc(day, moment):
        return tz.localize(datetime.combine(day, moment)).astimezone(pytz.utc).replace(
            tzinfo=None)

    return env["resource.calendar.leaves"].create([{
        "name": "Public holiday", "calendar_id": calendar.id,
        "company_id": calendar.company_id.id,
        "date_from": utc(day, time(0, 0)), "date_to": utc(day, time(23, 59, 59)),
        "time_type": "leave",
    } for day in market_holidays(code, today)])


def add_outlet_holidays(env, today, markets=None):
    """Each outlet's opening hours get the public holidays of the outlet's market.
    ``markets``: {company: market code}, the demo's markets by default."""
    if markets is None:
        markets = {}
        for code in MARKET_HOLIDAYS:
            company = env.ref(f"dealer_profile.company_market_{code}",
                              raise_if_not_found=False)
            if company:
                markets[company] = code
    outlets = env["dealer.outlet"].search([("resource_calendar_id", "!=", False)])
    for calendar, market_outlets in outlets.grouped("resource_calendar_id").items():
        code = markets.get(calendar.company_id or market_outlets[:1].company_id)
        if code:
            add_public_holidays(env, calendar, code, today)
