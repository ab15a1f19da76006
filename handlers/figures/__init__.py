"""Questions about the annual report's figures ("2020年行政许可多少件？", "去年收到多少申请").

query = parse_figures_question(text, today)      # None: not a figures question
if query:
    report = ...  # the report dict (report JSON contract) for query.year, or None
    reply = answer_figures(query, report, agency_name)
"""

from handlers.figures.answer import answer_figures
from handlers.figures.parse import FiguresQuery, parse_figures_question, parse_year

__all__ = ["FiguresQuery", "answer_figures", "parse_figures_question", "parse_year"]
