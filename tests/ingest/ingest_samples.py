"""Small reports written for the ingest tests, in English and Arabic, with scraped-page debris."""

# A scraped English report: headline, byline, language switcher, body, share button, tags, footer.
EN_REPORT = """Militia commanders meet tribal leaders in Al-Mayadin

By Jane Doe

English | عربي

Local sources told the network that commanders of the Iranian-backed militias met with tribal leaders in the city of Al-Mayadin on Tuesday.

The sources said the meeting lasted for an hour and focused on recruitment in the eastern countryside.

Share on Facebook

Tags: Mayadin, militias

© 2025 Example Network. All rights reserved.
"""
EN_BODY_LINES = (
    "Militia commanders meet tribal leaders in Al-Mayadin",
    "Local sources told the network that commanders of the Iranian-backed militias met with tribal leaders in the city of Al-Mayadin on Tuesday.",
    "The sources said the meeting lasted for an hour and focused on recruitment in the eastern countryside.",
)

# The same kind of page in Arabic: byline, language switcher, two body paragraphs, share, copyright.
AR_REPORT = """اشتباكات بين فصيلين مسلحين في ريف دير الزور الشرقي

بقلم: فريق التحرير

English / العربية

قالت مصادر محلية إن اشتباكات اندلعت بين فصيلين مسلحين في بلدة الميادين صباح الثلاثاء.

وأضافت المصادر أن الاشتباكات استمرت لمدة ساعتين وأسفرت عن إصابة ثلاثة عناصر.

شارك على فيسبوك

جميع الحقوق محفوظة © 2025
"""
AR_BODY_LINES = (
    "اشتباكات بين فصيلين مسلحين في ريف دير الزور الشرقي",
    "قالت مصادر محلية إن اشتباكات اندلعت بين فصيلين مسلحين في بلدة الميادين صباح الثلاثاء.",
    "وأضافت المصادر أن الاشتباكات استمرت لمدة ساعتين وأسفرت عن إصابة ثلاثة عناصر.",
)

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Shelling hits villages near Al-Bukamal | Example Network</title>
<meta property="og:site_name" content="Example Network">
<meta property="article:published_time" content="2025-03-14T09:30:00+03:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/ar">العربية</a></nav>
<article>
<h1>Shelling hits villages near Al-Bukamal</h1>
<p>Artillery units shelled two villages near the town of Al-Bukamal on Thursday morning, local residents said.</p>
<p>The residents said that several houses were damaged and that families fled towards the desert.</p>
<p>Share on Facebook</p>
</article>
<footer><p>All rights reserved</p></footer>
</body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Example Network</title>
<link>https://example.org/</link>
<description>News from eastern Syria</description>
<item>
<title>Checkpoint set up on the Deir Ezzor road</title>
<link>https://example.org/news/checkpoint</link>
<pubDate>Fri, 14 Mar 2025 10:00:00 +0300</pubDate>
<description><![CDATA[<p>Militia members set up a new checkpoint on the road between Deir Ezzor and Al-Mayadin, residents said.</p><p>Read more</p>]]></description>
</item>
<item>
<title>Protest in Hajin over water shortages</title>
<link>https://example.org/news/hajin-protest</link>
<pubDate>Sat, 15 Mar 2025 08:00:00 +0300</pubDate>
<description>Dozens of residents protested in the town of Hajin against the shortage of drinking water.</description>
<content:encoded><![CDATA[<p>Dozens of residents protested in the town of Hajin on Saturday against the shortage of drinking water.</p><p>The protesters called on the local council to repair the pumping station.</p>]]></content:encoded>
</item>
</channel>
</rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Atom Network</title>
<link href="https://atom.example.org/"/>
<entry>
<title>Drone strike reported near Hajin</title>
<link rel="alternate" href="https://atom.example.org/2025/03/drone-strike"/>
<published>2025-03-16T07:00:00Z</published>
<summary type="html">&lt;p&gt;A drone struck a vehicle near the town of Hajin, killing two people, local sources said.&lt;/p&gt;</summary>
</entry>
</feed>
"""
