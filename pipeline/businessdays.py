"""Chinese business days: weekends and public holidays off, make-up weekend workdays on.

The holidays package knows both the holidays and the make-up workdays
(调休上班); config may add corrections for dates announced after its release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from pipeline.settings import Settings


@dataclass
class BusinessCalendar:
    timezone: str = "Asia/Shanghai"
    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    _cn: holidays.HolidayBase = field(default_factory=lambda: holidays.China(), repr=False)

    def is_business_day(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        return bool(self._cn.is_working_day(day))

    def add(self, start: datetime, days: int) -> datetime:
        """The same local time `days` business days after `start` (`start`'s own day not counted)."""
        local = start.astimezone(self.zone)
        day, left = local.date(), days
        while left > 0:
            day += timedelta(days=1)
            left -= self.is_business_day(day)
        return local.replace(year=day.year, month=day.month, day=day.day)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def calendar_for(settings: Settings) -> BusinessCalendar:
    fu = settings.followup
    return BusinessCalendar(settings.schedule.timezone, frozenset(fu.extra_holidays), frozenset(fu.extra_workdays))
