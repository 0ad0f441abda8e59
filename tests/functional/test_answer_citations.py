"""A lawyer's answer that names articles shows them as links to the law library (issue 13): the
answer is stored as written (it passes the screening: no web address in it), and the consultation
the citizen reads carries it as text and links."""
from tests.functional.consultation_support import api  # noqa: F401 (fixture)

ANSWER = ("您好。公司拖欠工资，您可以依据《中华人民共和国劳动合同法》第三十八条解除劳动合同，并依照本法"
          "第四十六条要求经济补偿；也可以先向劳动监察大队投诉，再申请劳动仲裁。")


def test_an_answer_citing_articles_reaches_the_citizen_with_links_to_them(api):  # noqa: F811
    # Given a question answered by a lawyer who cites two articles of 劳动合同法
    consultation = api.ask()
    status, answer = api.answer(consultation["id"], "LX0", ANSWER)
    assert status == 201, answer
    # When the citizen reads the consultation
    status, shown = api.get(f"/api/consultations/{consultation['id']}", "citizen:oCitizen")
    # Then the answer is as written, and its segments link both articles, 本法 meaning 劳动合同法
    [mine] = shown["answers"]
    assert mine["body"] == ANSWER
    links = [(s["text"], s["href"]) for s in mine["segments"] if "href" in s]
    assert links == [("《中华人民共和国劳动合同法》第三十八条", "/h5/laws/labor-contract-law#art-38"),
                     ("本法第四十六条", "/h5/laws/labor-contract-law#art-46")]
    assert "".join(s["text"] for s in mine["segments"]) == ANSWER
