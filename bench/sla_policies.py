"""Dispatch policies the simulator tries: each is nothing but settings (the tier plan, the answer
minimum, reminders, the duty roster), applied to the platform's ConsultationPolicy. The model never
changes between them. docs/sla.md has the arithmetic behind them and the curve they draw.
"""
import dataclasses

from chalicelib.settings import DEFAULT_TIERS, ConsultationPolicy, parse_tiers

NO_REMINDER = 0  # CONSULT_LAWYER_REMINDER_MINUTES=0: in the model a reminder costs and wins nothing


@dataclasses.dataclass(frozen=True)
class Policy:
    name: str
    tiers: str
    duty_roster: bool = False
    about: str = ""
    overrides: tuple = ()  # more ConsultationPolicy fields: (("answer_min", 1), …)

    def consultation_policy(self, base=None):
        base = base or ConsultationPolicy(tiers=(), lawyer_reminder_minutes=5, lawyer_reminder_below=1,
                                          answer_min=3, answer_cap=5)
        return dataclasses.replace(base, tiers=parse_tiers(self.tiers), duty_roster=self.duty_roster,
                                   **dict(self.overrides))

    def runnable(self):
        """Whether the platform's settings accept this plan."""
        try:
            parse_tiers(self.tiers)
        except ValueError:
            return False
        return True


POLICIES = {p.name: p for p in (
    Policy("tiers-only", "county@0x3,city+province@3x4,national@6x5",
           about="the default tier plan without the duty roster"),
    Policy("broadcast-20", "county+city+province@0x20",
           about="twenty pool lawyers at once, no roster: a small broadcast"),
    Policy("textbook", "duty@0x2,county@0x3,city+province@3x4,national@6x5", duty_roster=True,
           about="the issue's tiers with the roster: county at once, city+province at 3, national at 6"),
    Policy("duty-lean", "duty@0x2,county+city@0x2,city+province@3x2,national@6x2", duty_roster=True,
           overrides=(("lawyer_reminder_minutes", NO_REMINDER),),
           about="roster and two pool lawyers at once, two more at 3 and at 6 min, no reminders"),
    Policy("sla-first", "duty@0x2,county+city@0x2,city+province@2x5,national@4x10,national@6x10,"
           "national@7x10", duty_roster=True,
           overrides=(("answer_min", 1), ("lawyer_reminder_minutes", NO_REMINDER)),
           about="roster and two pool lawyers at once; while nobody has answered, 5 more at 2 min, "
                 "10 at 4, 6 and 7 min; no reminders (answer minimum 1: escalation stops at the "
                 "first answer)"),
    Policy("rescue", "duty@0x2,county+city@0x2,city+province@2x5<1,national@4x10<1,national@6x10<1,"
           "national@7x10<1,national@20x1", duty_roster=True,
           overrides=(("lawyer_reminder_minutes", NO_REMINDER),),
           about="sla-first's later steps only while nobody has answered (`<1`), the answer minimum "
                 "back at 3, one more lawyer at 20 min toward three answers"),
    Policy("shipped", DEFAULT_TIERS, duty_roster=True,
           about="the settings' defaults (chalicelib/settings.py): rescue steps from 3 min while nobody "
                 "has answered, one more at 20 min; reminders at 5 min only while nobody has answered"),
)}
DEFAULT_POLICY = "shipped"
SWEEP = ("tiers-only", "broadcast-20", "textbook", "duty-lean", "sla-first", "rescue", "shipped")
