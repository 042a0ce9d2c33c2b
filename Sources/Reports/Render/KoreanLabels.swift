/// The Korean labels of the reports (`--lang ko`): report titles, column heads, segments (최초 익명, 익명, 회원,
/// 고객), grades, devices, channels. Keys are the English labels as the renderers write them.
enum KoreanLabels {
    static let table: [String: String] = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })

    /// The pairs (a test checks that no English label appears twice).
    static let pairs: KeyValuePairs<String, String> = [
        // Reports
        "Site overview": "사이트 현황", "Segments": "세그먼트별 현황", 
        "Profile": "고객군 프로파일", "Groups": "고객 그룹 교차 분석", 
        "Pages": "페이지 분석", "Paths": "경로 분석", "Funnel": "퍼널 분석","Campaigns": "캠페인 성과", "Referrers": "유입 경로", 
        "Logins": "로그인 방문자 활동", "Customer": "고객 선호 분석", 
        "Conversions": "전환", "Retention watch": "만기 도래 고객", 
        "Bots": "로봇", "Status": "응답 코드", "Hours": "시간대·요일별 페이지뷰", 
        // Figures
        "hits": "히트", "bot hits": "로봇 히트", "page views": "페이지뷰", "visits": "방문", "visitors": "방문자",
        "first-time": "최초 방문자", "first-time visitors": "최초 방문자", "logins": "로그인", "logins/day": "일평균 로그인",
        "logins/member": "회원당 로그인", "pages/visit": "방문당 페이지뷰", "avg visit": "평균 방문 시간", "bounce rate": "이탈률",
        "day": "일자", "total": "합계", "devices": "기기", "device": "기기", "channel": "채널", "segment": "세그먼트",
        "pages/visitor": "방문자당 페이지뷰", "visits/visitor/week": "방문자당 주간 방문", "top content": "선호 콘텐츠",
        "top product categories": "선호 상품 분류", "top products (interest)": "선호 상품 (관심도)", "top paths": "주요 경로",
        "campaign": "캠페인", "source": "소스", "medium": "매체", "conversions": "전환", "opens": "오픈", "unique opens": "고유 오픈",
        "open rate": "오픈율", "click rate": "클릭률", "click-to-open": "오픈 대비 클릭", "sent": "발송", "clickers": "클릭 방문자",
        "cost": "비용", "cost/visit": "방문당 비용", "cost/conversion": "전환당 비용", "goals": "목표",
        "page": "페이지", "content": "콘텐츠", "entries": "진입", "exits": "종료", "avg time on page": "평균 체류 시간",
        "engine": "검색엔진", "keyword": "검색어", "network": "소셜 네트워크", "host": "호스트",
        "search engines": "검색엔진", "search keywords": "검색어", "social networks": "소셜 네트워크", "referral": "추천 사이트",
        "members": "회원", "grade": "등급", "gender": "성별", "age": "연령대", "step": "단계", "steps": "단계",
        "from start": "시작 대비", "from previous": "이전 단계 대비", "name": "이름", "interest": "관심도", "count": "건수",
        "figure": "지표", "now": "현재", "before": "비교 기간", "Δ": "증감", "Δ%": "증감률",
        "Filters": "필터", "compared with": "비교 기간",
        // Segments, grades, devices, channels
        "anonymous_new": "최초 익명", "anonymous": "익명", "member": "회원", "customer": "고객",
        "vip": "우수", "regular": "일반", "churned": "이탈", "dormant": "휴면", "reactivated": "재활성화", "prospect": "가망",
        "desktop": "데스크톱", "mobile": "모바일", "tablet": "태블릿",
        "search": "검색", "social": "소셜", "direct": "직접 유입",
        // Added with the presentation of issue 19
        "(all)": "(전체)", "Visits reaching each step by segment": "세그먼트별 단계 도달 방문", "By group": "그룹별", "Cost": "비용", "E-mail": "이메일", "Goals reached (visits)": "목표 달성 (방문)",
        "Members by logged-in visits": "로그인 방문 횟수별 회원", "Page views by hour and weekday": "시간대·요일별 페이지뷰",
        "Page views by page": "페이지별 페이지뷰", "Page-to-page flows": "페이지 간 이동", "Preferences": "선호", "Product interest": "상품 관심도",
        "Product preference (interest)": "선호 상품 (관심도)", "Sign-ups by channel": "채널별 회원 가입", "Visits reaching each step": "단계별 도달 방문",
        "anonymous visits": "익명 방문", "anonymous → member: visits reaching sign-up": "익명 → 회원: 가입 완료 방문",
        "born": "출생 연도", "children": "자녀", "comparison": "비교", "conversion": "전환", "customer record": "고객 정보",
        "customers.csv no longer lists this member (its visits were stored as a customer's)": "customers.csv에 더 이상 없는 회원 (방문은 고객으로 저장됨)",
        "days to maturity": "만기까지 일수", "entry page": "진입 페이지", "first contract": "첫 계약", "first contracts": "첫 계약",
        "first-contract rate": "첫 계약률", "funnel steps reached": "도달한 퍼널 단계", "goal": "목표", "hour": "시간", "insured": "보험 가입",
        "joined": "가입일", "last visit": "최근 방문", "left out to fit 120 columns": "120열에 맞추려고 뺀 열", "logged-in visits": "로그인 방문",
        "maturity": "만기", "member → customer: first contracts in the range": "회원 → 고객: 기간 내 첫 계약", "new members": "신규 회원",
        "new members who visited (joined in the range)": "방문한 신규 회원 (기간 내 가입)", "none: a member who is not in customers.csv": "없음: customers.csv에 없는 회원",
        "occupation": "직업", "of anonymous visits": "익명 방문", "of members who visited": "방문 회원", "out of": "모수", "pattern": "패턴",
        "product": "상품", "product 1": "상품 1", "product 2": "상품 2", "product 3": "상품 3", "product category": "상품 분류", "rank": "순위",
        "rate": "비율", "recent visits": "최근 방문", "share": "비중", "shows them": "옵션으로 모두 표시", "sign-up rate": "가입률",
        "sign-up visits": "가입 완료 방문", "start": "시작", "the store holds none of those days": "저장소에 그 기간의 데이터가 없음",
        "top product": "최고 관심 상품", "yes": "예", "no": "아니요",
        "Mon": "월", "Tue": "화", "Wed": "수", "Thu": "목", "Fri": "금", "Sat": "토", "Sun": "일",
        "10s": "10대", "20s": "20대", "30s": "30대", "40s": "40대", "50s": "50대", "60+": "60대 이상", "unknown": "알 수 없음",
        "M": "남성", "F": "여성", "email": "이메일", "none": "등급 없음",
        "top paths (first 3 pages)": "주요 경로 (처음 3페이지)", "transitions": "페이지 이동", "entry pages": "진입 페이지", "exit pages": "종료 페이지",
        "first page": "첫 페이지", "second page": "둘째 페이지", "third page": "셋째 페이지", "from": "출발", "to": "도착",
        "members by logged-in visits": "로그인 방문 횟수별 회원", "members by days since their last logged-in visit": "마지막 로그인 방문 후 경과일별 회원",
        "by grade": "등급별", "days": "일수", "Status codes (all hits, bots included)": "응답 코드 (로봇 포함 전체 히트)",
        "Hits by status": "응답 코드별 히트", "Bot hits by agent": "에이전트별 로봇 히트", "agent": "에이전트", "status": "응답 코드",
        "weekday": "요일", "list": "목록", "detail": "세부", "conversion rate": "전환율", "key": "구분", "share or logins": "비중 또는 로그인",
        "the previous period": "직전 기간", "a year earlier": "1년 전", "Customer groups": "고객 그룹 교차 분석",
        "cost from": "비용 시작일", "cost to": "비용 종료일",
        "A visitor can fall in several segments within a range (a first-time visitor who logs in later is also a member), so the segments' visitors add up to more than the site's visitors.":
            "한 방문자가 기간 안에 여러 세그먼트에 들 수 있어 (처음 방문한 뒤 로그인한 방문자는 회원이기도 함), 세그먼트별 방문자를 더하면 사이트 방문자보다 많습니다.",
        "Cells count visitors (members of customers.csv who visited). A row's share is of its gender's visitors; the total row's share is of all members who visited.":
            "칸은 방문자 수입니다 (방문한 customers.csv의 회원). 행의 비중은 해당 성별 방문자 대비, 합계 행의 비중은 방문한 전체 회원 대비입니다.",
        "a campaign's cost is spent on all of its visits: under a visit filter it cannot be split, so cost, cost_per_visit and cost_per_conversion are null":
            "캠페인 비용은 모든 방문에 쓰인 것이라 방문 필터를 걸면 나눌 수 없어 비용, 방문당 비용, 전환당 비용을 표시하지 않습니다",
        // The console (SPEC §13)
        "from date": "시작일", "to date": "종료일", "preset": "기간", "compare": "비교", "all": "전체", "custom": "직접 지정",
        "last day": "마지막 날", "last 7 days": "최근 7일", "last 30 days": "최근 30일", "this month": "이번 달", "last month": "지난달",
        "no comparison": "비교 안 함", "Apply": "적용", "remove": "제거", "Download": "내려받기", "Log in": "로그인", "Log out": "로그아웃",
        "user": "사용자", "password": "비밀번호", "member number": "회원 번호", "arg": "대상", "viewer": "열람자", "consultant": "상담원", "admin": "관리자",
        "Store versions": "저장소 버전", "Ingest history": "적재 이력", "version": "버전", "state": "상태", "published": "게시됨",
        "kept for readers": "읽는 중인 요청을 위해 보관", "written by": "기록한 버전", "log files": "로그 파일",
        "Your role does not show this page.": "이 페이지를 볼 권한이 없습니다.", "No such page.": "없는 페이지입니다.",
        "Enter a member id in the filter bar to open a customer's sheet.": "고객 선호 분석을 보려면 필터 막대에 회원 번호를 입력하세요.",
        "Enter a user name and a password.": "사용자 이름과 비밀번호를 입력하세요.", "Wrong user name or password.": "사용자 이름 또는 비밀번호가 틀렸습니다.",
        "Too many failed logins: try again in": "로그인 실패가 너무 많습니다. 다시 시도할 수 있을 때까지:",
        // Chart titles
        "Daily visits, visitors and page views": "일별 방문·방문자·페이지뷰", "Visits by device": "기기별 방문",
        "Visits by segment": "세그먼트별 방문", "Visits by campaign": "캠페인별 방문", "Visits from search engines": "검색엔진별 방문",
        "Visits from social networks": "소셜 네트워크별 방문", "By day": "일별",
    ]
}
