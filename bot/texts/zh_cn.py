"""简体中文 (default)."""

from bot.results.codes import CODES, METHOD_NAMES
from bot.texts import Texts

ZH_CN = Texts(
    start_stranger=(
        "您好！这里是 <b>SpotCheck 双随机抽查助手</b>，只为本局在册的执法检查人员服务。\n\n"
        "您的 Telegram 账号尚未绑定检查人员名录。请向管理员索取邀请链接，点击即可绑定。"
    ),
    start_inspector=(
        "{name}，您好！您的 Telegram 账号已绑定检查人员名录。\n{status}\n"
        "发送 /whoami 查看登记信息，/help 查看可用命令。"
    ),
    start_admin=(
        "SpotCheck 已在本管理群就绪。\n"
        "名录的导入、导出和查询，以及检查人员的账号绑定，都在本群完成。"
        "发送 /help 查看管理员命令。"
    ),
    start_group_member=(
        "SpotCheck 已在本管理群就绪。管理命令仅限本群管理员使用；如需权限，请联系群管理员。"
    ),
    start_unconfigured_group=(
        "SpotCheck 尚未设置管理群，管理命令暂不可用。\n"
        "如果本群就是局里的管理群，请在 <code>.env</code> 中设置 "
        "<code>ADMIN_CHAT_ID={chat_id}</code> 后重启机器人。"
    ),
    start_foreign_group="SpotCheck 只在本局的管理群中工作，本群不受理任何命令。",
    help_stranger=(
        "<b>如何开始使用</b>\n"
        "您的账号尚未绑定执法检查人员。请向管理员索取邀请链接，点击即可绑定；"
        "也可以点击「分享我的手机号」，与名录中登记的手机号一致即可绑定。\n\n"
        "/start — 开始\n/whoami — 我的身份\n/tasks — 我的检查任务（绑定后可用）\n/help — 帮助"
    ),
    help_inspector=(
        "<b>检查人员命令</b>\n"
        "/start — 开始\n"
        "/whoami — 我的登记信息（部门、执法证、抽取资格）\n"
        "/tasks — 我的检查任务：待接受、待检查、已完成等，点开即是任务卡\n"
        "/record 任务编号 — 随机抽查情况记录表（Excel，打印签字；任务卡上也有「📄 记录表」）\n"
        "/reminders — 即将收到的提醒（检查期限前 3 个和 1 个工作日、当天、超期后每个工作日）\n"
        "/help — 帮助\n\n"
        "抽中后，任务卡会私聊发给您：点「接受」确认任务；与检查对象有利害关系时点「申请回避」并说明原因，"
        "系统会按规则选出接替人员。\n"
        "到现场前在任务卡上点「开始检查」，它就成为您的当前任务；到达后点「📍 签到（发送位置）」签到。"
    ),
    help_admin=(
        "<b>管理员命令</b>（仅限本群管理员）\n"
        "<b>名录</b>\n"
        "/import 名录 — 导入：发送文件并以此命令作为文件说明，或回复一个文件\n"
        "/export 名录 — 导出为 Excel\n"
        "/template 名录 — 空白导入模板\n"
        "/targets [关键词] — 查找检查对象\n"
        "/target 统一社会信用代码 — 检查对象详情\n"
        "/inspectors — 检查人员名录\n"
        "/items — 抽查事项清单\n"
        "名录：targets（检查对象）、items（抽查事项）、inspectors（检查人员）、conflicts（回避关系）\n\n"
        "<b>年度抽查计划</b>\n"
        "/plan [年度] — 年度计划及抽查进度\n"
        "/template plan [年度] — 计划模板（已有计划则为当前内容）\n"
        "/import plan — 导入计划（同一年度重新导入即更新）\n\n"
        "<b>统计</b>\n"
        "/stats [计划编号或年度] — 统计图表（PNG）与 Excel：任务状态、检查结果、区域与行业、检查人员、逾期与公示、信用分类覆盖（默认本年度）\n\n"
        "<b>工作日历</b>\n"
        "/holidays [年度] — 放假与调休：查看，或导入某年的放假安排（文字或文件，用法见 /holidays）\n\n"
        "<b>双随机抽取</b>\n"
        "/draw — 抽取向导：事项、范围、数量、日期与检查组、预览、冻结名录、种子\n"
        "/draw 事项=代码 数量=30 日期=2026-12-01~2026-12-31 — 直接给出参数\n"
        "/draw 继续=抽取编号 — 为已冻结的抽取输入种子\n"
        "/cancel_draw 抽取编号 原因 — 作废抽取（记录保留）\n"
        "/draws — 全部抽取记录（含已作废）\n"
        "/draw 编号 — 查看一次抽取：概要、名单、导出 Excel（编号可只写 第001号 或 1）\n\n"
        "<b>账号</b>\n"
        "/invite 执法证号 — 一次性绑定链接（私聊发给您）\n"
        "/unbind 执法证号 — 解除绑定\n"
        "/whoami — 我的身份\n\n"
        "<b>检查组</b>\n"
        "/recuse 抽取编号 统一社会信用代码 执法证号 原因 — 登记回避，按规则替补\n"
        "/assign 抽取编号 统一社会信用代码 执法证号1,执法证号2 原因 — 为无检查组的对象指派检查组（第一位为组长）\n"
        "/record 任务编号 — 随机抽查情况记录表（如 /record 双随机〔2026〕第001号-003）\n"
        "/task 任务编号 — 任务进度、各项期限（工作日倒计时）与提醒\n\n"
        "<b>一公开</b>\n"
        "/publish — 预览并公开已审核通过的检查结果（结果公告）\n"
        "/publish draw 抽取编号 — 公开抽查任务及抽取名单\n"
        "/publish items — 公开抽查事项清单\n\n"
        "/status — 运行状态（消息队列、数据库）\n"
        "/help — 帮助"
    ),
    help_group_member=(
        "本群的管理命令仅限群管理员使用。\n"
        "/whoami — 我的身份\n"
        "/record 任务编号 — 随机抽查情况记录表（限该任务的检查组成员）\n"
        "/help — 帮助\n\n"
        "如果您是执法检查人员，请在与机器人的私聊中发送 /start。"
    ),
    cmd_start="开始",
    cmd_help="帮助",
    cmd_status="运行状态",
    cmd_whoami="我的身份",
    cmd_import="导入名录（附文件）",
    cmd_export="导出名录",
    cmd_template="下载导入模板",
    cmd_targets="查找检查对象",
    cmd_target="检查对象详情",
    cmd_inspectors="检查人员名录",
    cmd_items="抽查事项清单",
    cmd_draw="双随机抽取",
    cmd_record="随机抽查情况记录表",
    cmd_cancel_draw="作废抽取（需说明原因）",
    cmd_invite="生成绑定邀请链接",
    cmd_unbind="解除账号绑定",
    status=(
        "<b>运行状态</b>\n"
        "版本：{version}\n"
        "数据库：{database}\n"
        "时区：{timezone}（当前 {now}）\n\n"
        "<b>消息队列</b>\n"
        "待发送：{pending}\n"
        "发送中：{sending}\n"
        "已发送：{sent}\n"
        "无法送达：{undeliverable}\n"
        "被拒绝：{failed}"
    ),
    admin_only="⛔ 只有管理群的管理员可以使用此命令。",
    admin_group_only="⛔ 此命令只能在本局的管理群中使用。",
    error_generic=(
        "⚠️ 抱歉，处理您的请求时出错，已记录日志，未做任何更改。请稍后重试；如仍失败，请联系管理员。"
    ),
    unreachable_notice=(
        "⚠️ <b>消息无法送达</b>：{person}\n"
        "对方从未打开机器人，或已将其屏蔽，后续消息也将无法送达。"
        "请联系本人在 Telegram 中打开 @{bot_username} 并发送 /start。"
    ),
    unknown_person="Telegram 用户 {user_id}",
    register_names={
        "targets": "检查对象名录",
        "items": "抽查事项清单",
        "inspectors": "检查人员名录",
        "conflicts": "回避关系",
    },
    problems={
        "required": "必填项为空",
        "too_long": "超过 {limit} 个字符",
        "uscc_length": "统一社会信用代码应为 18 位，实际 {length} 位",
        "uscc_chars": "含非法字符 {chars}（不得含 I、O、S、V、Z）",
        "uscc_check": "校验位错误（按 GB 32100-2015 应为 {expected}）",
        "bad_date": "无法识别的日期「{value}」，请写成 2026-03-01 这样的格式",
        "bad_credit": "「{value}」不是有效的信用风险等级，应为 A、B、C、D 之一",
        "bad_category": "「{value}」不是有效的事项类别，应为「一般」或「重点」",
        "bad_status": "「{value}」不是有效的登记状态，应为 {allowed} 之一",
        "bad_bool": "「{value}」无法识别，请填「是」或「否」",
        "bad_number": "「{value}」不是数字",
        "out_of_range": "{value} 超出范围（{low:g}～{high:g}）",
        "bad_phone": "「{value}」不是有效的手机号或固定电话",
        "not_spreadsheet": "无法读取文件：这不是 Excel 或 CSV 表格文件，请上传 .xlsx 或 .csv 文件",
        "other_register": "这像是另一个名录的文件（表头与 {register} 名录相符），请用 /import {register} 导入",
        "too_many_rows": "行数超过 {limit} 行（Excel 的上限），无法导入",
        "too_many_columns": "第 {row} 行用到了超过 {limit} 列：请删去名录以外的列后再导入",
        "line_too_long": "第 {row} 行超过 {limit} 个字符：这不是正常的 CSV 文件",
        "too_many_merged": "合并单元格过多（最多 {ranges} 个合并区域、合计 {cells} 个单元格）：请取消合并后再导入",
        "merged_too_large": "合并区域 {range} 超出可导入的范围（最多 {rows} 行、{columns} 列）：请取消合并后再导入",
        "too_many_parts": "文件内部包含过多部件（{count} 个，上限 {limit} 个）：这不是正常的 Excel 文件",
        "unpacked_too_big": "文件解压后过大（{size} MB，上限 {limit} MB），无法导入",
        "too_compressed": "文件中的 {part} 压缩比异常（{ratio} 倍，上限 {limit} 倍），疑似恶意构造的文件，已拒绝",
        "duplicate": "与第 {row} 行重复",
        "taken": "已被在册人员 {name}（执法证号 {certificate}）使用",
        "no_expiry": "未填写执法证有效期：该人员不能参与抽取",
        "expired": "执法证已于 {date} 过期：该人员不能参与抽取",
        "unknown_inspector": "执法证号 {value} 不在检查人员名录中，请先导入检查人员",
        "unknown_target": "统一社会信用代码 {value} 不在检查对象名录中，请先导入检查对象",
        "unknown_columns": "已忽略未识别的列：{columns}",
        "unsupported_format": "不支持 {ext} 文件：请上传 .xlsx 或 .csv（.xls 请先另存为 .xlsx）",
        "missing_columns": "缺少必需的列：{columns}",
        "no_header": "没有找到表头行。请使用模板（/template {register}）中的列名",
        "unreadable": "无法读取文件（{reason}）：文件可能已损坏或不是所述格式",
        "constraint": "与数据库中已有数据冲突（唯一性约束），请检查工号、证号等是否重复",
        "example_row": "这是导入模板中的示例行，请删除后再导入",
        "empty": "文件中没有数据行",
        "short_row": "只有 {cells} 列，少于表头的 {columns} 列（文件可能不完整），缺少的列按空白导入",
    },
    issue_row="第 {row} 行：{reason}",
    issue_cell="第 {row} 行「{column}」：{reason}",
    issue_error="错误",
    issue_warning="提示",
    issues_csv_header="类型,行号,列,问题",
    issues_file_caption="完整问题清单（可用 Excel 打开）",
    import_usage=(
        "用法：发送 Excel/CSV 文件并在文件说明中写 <code>/import 名录</code>，"
        "或回复一个文件发送 <code>/import 名录</code>。\n"
        "名录：targets（检查对象）、items（抽查事项）、inspectors（检查人员）、"
        "conflicts（回避关系）；年度抽查计划：plan。\n空白模板：/template 名录"
    ),
    import_working="⏳ 正在导入{register}：{file} …",
    import_too_big=(
        "文件大小 {size} MB，超过 Telegram 机器人 20 MB 的下载上限。请拆分文件，"
        "或由系统管理员在服务器上执行 <code>python -m bot import {register} 文件</code>。"
    ),
    import_ok=(
        "✅ {register}导入完成（{rows} 行）\n"
        "新增 {added}，更新 {updated}，重新启用 {reactivated}，未变 {unchanged}，停用 {deactivated}"
    ),
    import_failed="❌ {register}导入失败，<b>未导入任何数据</b>。共 {count} 处错误：",
    import_more="……另有 {more} 处，完整清单见附件。",
    import_warnings="⚠️ 提示 {count} 条：",
    export_caption="{register}：{count} 条（{time}）。修改后可直接用 /import {name} 导回。",
    template_caption="{register}导入模板：带 * 的列必填，示例行请删除后再填写。",
    register_usage=(
        "请指明名录：targets（检查对象）、items（抽查事项）、inspectors（检查人员）、"
        "conflicts（回避关系）。例如：<code>{command} targets</code>"
    ),
    targets_header="<b>检查对象</b>{query}：共 {total} 个，第 {page}/{pages} 页",
    targets_query="（“{query}”）",
    targets_none="没有找到匹配“{query}”的检查对象。",
    target_line="{n}. {name}{flags}\n    <code>{uscc}</code> · {region} · 信用 {credit}",
    target_card=(
        "<b>{name}</b>{flags}\n"
        "统一社会信用代码：<code>{uscc}</code>\n"
        "主体类型：{entity_type}\n"
        "所属区域：{region}\n"
        "行业：{industry}\n"
        "地址：{address}\n"
        "法定代表人：{legal_representative}\n"
        "联系电话：{phone}\n"
        "登记机关：{registration_authority}\n"
        "登记状态：{registration_status}\n"
        "成立日期：{established_on}\n"
        "信用风险等级：{credit}\n"
        "上次检查：{last_inspected_on}\n\n"
        "<b>检查记录</b>\n{history}"
    ),
    target_usage="用法：<code>/target 统一社会信用代码</code>",
    target_not_found="名录中没有统一社会信用代码为 {uscc} 的检查对象。",
    history_none="暂无检查记录。",
    flag_blacklisted=" 🚫失信",
    flag_abnormal=" ⚠️异常",
    flag_inactive=" （已停用）",
    page_prev="« 上一页",
    page_next="下一页 »",
    inspectors_header="<b>检查人员名录</b>：{total} 人，可参与抽取 {eligible} 人",
    inspector_line="{n}. {name}（{department}）证号 {certificate}，有效期至 {expires}\n    {eligibility} · {bound}",
    item_categories={"general": "一般", "key": "重点"},
    items_header="<b>抽查事项清单</b>：{total} 项",
    item_line="{n}. <code>{code}</code> {name}（{category}）\n    依据：{basis}",
    register_empty="{register}为空。请先用 /import {name} 导入，模板：/template {name}",
    none_value="—",
    eligible="✅ 可参与抽取",
    not_eligible_expired="⛔ 执法证已过期",
    not_eligible_no_expiry="⛔ 未登记执法证有效期",
    not_eligible_inactive="⛔ 已停用",
    bound_yes="已绑定 Telegram",
    bound_no="未绑定 Telegram",
    invite_usage="用法：<code>/invite 执法证号</code>",
    invite_unknown="名录中没有执法证号为 {certificate} 的检查人员。",
    invite_inactive="{name} 已停用（不在岗），不能生成邀请链接。",
    invite_created=(
        "🔗 <b>{name}</b>（执法证号 {certificate}）的一次性绑定链接，"
        "{days} 天内有效，使用一次后失效：\n{link}\n"
        "请通过单位内部渠道只发给本人。"
    ),
    invite_rebind_note="\n注意：{name} 目前已绑定其他 Telegram 账号，使用此链接后将改绑到新账号，原账号会收到通知。",
    bind_ok="✅ 绑定成功！{name}，您好，您的 Telegram 账号已与检查人员名录关联。\n{status}",
    bind_used="此邀请链接已被使用过。如需重新绑定，请联系管理员生成新链接。",
    bind_expired="此邀请链接已过期，请联系管理员重新生成。",
    bind_invalid="邀请链接无效，请检查链接是否完整，或联系管理员。",
    bind_already="您的账号已绑定检查人员 {name}。如需更换，请联系管理员。",
    bind_notice_admin="🔗 {name}（执法证号 {certificate}）通过{method}绑定了 Telegram 账号 {account}。",
    bind_methods={"invite": "邀请链接", "phone": "手机号"},
    share_phone_button="📱 分享我的手机号",
    share_phone_hint="也可以点击下方按钮分享手机号：与检查人员名录中的手机号一致即可绑定。",
    phone_not_own="只能分享您本人的手机号，请使用下方的「分享我的手机号」按钮。",
    phone_no_match="手机号 {phone} 不在检查人员名录中。请联系管理员核对名录，或向管理员索取邀请链接。",
    phone_taken="该手机号对应的检查人员已绑定其他 Telegram 账号，请联系管理员。",
    whoami_inspector=(
        "<b>我的身份</b>（Telegram ID {user_id}）\n"
        "已绑定检查人员：<b>{name}</b>\n"
        "部门：{department}\n"
        "执法证号：{certificate}\n"
        "有效期至：{expires}\n"
        "抽取资格：{eligibility}"
    ),
    whoami_stranger=(
        "<b>我的身份</b>（Telegram ID {user_id}）\n"
        "尚未绑定检查人员。如果您是本局执法检查人员，请向管理员索取邀请链接。"
    ),
    whoami_admin="管理群：您是管理员，可以使用管理命令。",
    whoami_member="管理群：您不是管理员。",
    unbind_usage="用法：<code>/unbind 执法证号</code>",
    unbind_done=(
        "已解除 {name}（执法证号 {certificate}）与 Telegram 账号 {account} 的绑定，并已通知本人。\n"
        "此后不能再凭手机号自助绑定；如需重新绑定，请用 /invite 生成新链接。"
    ),
    unbind_not_bound="{name} 尚未绑定 Telegram 账号。",
    unbound_notice="管理员已解除您的 Telegram 账号与检查人员 {name} 的绑定。",
    unknown_message="没有听懂。发送 /help 查看可用命令。",
    button_unknown="此按钮已失效，请重新发送命令。",
    # --- draws ---
    draw_unknown_item="抽查事项清单中没有事项 {code}（或已停用）。",
    draw_too_few_inspectors="可参与抽取的检查人员只有 {eligible} 名（在岗且执法证在检查期内有效），不足每组 {size} 人，未进行抽取。",
    draw_department_missing="联合抽查需要的部门 {departments} 没有可参与抽取的检查人员，未进行抽取。",
    draw_one_department="可参与抽取的检查人员都在同一部门，无法跨部门组队，未进行抽取。",
    draw_unknown="没有编号为 {code} 的抽取。",
    no_team_reasons={
        "too_few": "符合条件的检查人员不足（回避、工作量或执法证有效期）",
        "cross_department": "符合条件的检查人员都在同一部门，无法跨部门组队",
        "department": "联合抽查所需的某个部门没有符合条件的检查人员",
        "expertise": "没有具备所需专业领域的检查人员",
        "repeat_pair": "只能组成与上次检查相同的人员搭配",
        "search_limit": "组队规则过于复杂，无法在合理时间内找到检查组",
        "": "未知",
    },
    # --- field: tasks and check-in ---
    cmd_tasks="我的检查任务",
    tasks_none="您目前没有检查任务。",
    tasks_title="<b>我的检查任务</b>（共 {count} 项）点击下方按钮打开任务卡。",
    tasks_page="第 {page}/{pages} 页",
    tasks_group_header="<b>{group}</b>（{count}）",
    tasks_line="{n}. {target}（{code} 第{number}号）截止 {due}",
    tasks_button="{group}｜{target}｜截止 {due}",
    tasks_no_due="未定",
    task_groups={
        "to_accept": "待接受",
        "to_do": "待检查",
        "waiting": "等待同组确认",
        "returned": "已退回",
        "done": "已完成",
    },
    task_card_due="截止日期：{due}",
    task_card_methods="检查方式：{methods}",
    task_card_basis_header="<b>检查内容和依据</b>",
    task_card_basis_line="• {name}\n  内容：{content}\n  依据：{basis}",
    task_card_progress_header="<b>进展</b>",
    task_card_state="状态：{state}",
    task_card_accepted_yes="接受：✅ 已接受",
    task_card_accepted_no="接受：尚未接受",
    task_card_checkin_none="签到：尚未签到",
    task_card_checkin="签到：✅ {name} {time}，{distance}",
    task_card_evidence="证据：{counts}",
    task_card_evidence_none="证据：暂无",
    task_evidence_kinds={"photo": "照片", "video": "视频", "document": "文件", "location": "位置"},
    task_card_current="📌 这是您当前的任务：发送的位置和文件都记入此任务。",
    task_card_closed="此任务已不再由您负责（已回避、被替换或任务已取消）。",
    button_start_task="开始检查",
    button_checkin="📍 签到",
    task_started=(
        "📌 已开始检查：<b>{target}</b>（{code} 第{number}号），这是您当前的任务。\n"
        "之后发送的位置、照片和文件都记入此任务。到达现场后，点下方「📍 签到（发送位置）」按钮签到。"
    ),
    task_not_accepted="请先点「接受」接受此任务，再开始检查。",
    task_closed="此任务已结束或已不再由您负责，按钮无效。",
    checkin_button="📍 签到（发送位置）",
    checkin_hint="到达现场后，点下方「📍 签到（发送位置）」按钮签到：<b>{target}</b>。",
    checkin_done=(
        "✅ 已签到：<b>{target}</b>（{code} 第{number}号）\n"
        "位置：{latitude}, {longitude}（{accuracy}）\n时间：{time}\n{distance}"
    ),
    checkin_accuracy="精度约 {meters} 米",
    checkin_accuracy_unknown="精度未知",
    checkin_distance="距检查对象约 {meters} 米。",
    checkin_distance_unknown="检查对象没有登记坐标，未计算距离。",
    checkin_flag_far="⚠️ 距检查对象超过 {limit} 米，已标记，审核时将核对。",
    checkin_flag_inaccurate="⚠️ 定位精度差于 {limit} 米，已标记；可到开阔处重新签到。",
    checkin_forwarded="转发的位置不能用于签到，未记录。请点「📍 签到（发送位置）」按钮发送您当前的位置。",
    checkin_old="这个位置不是刚刚发送的，不能用于签到，未记录。请点「📍 签到（发送位置）」按钮重新发送。",
    checkin_private_only="签到只能在与本机器人的私聊中进行，群里发送的位置不会记录。",
    tasks_private_only="请在与本机器人的私聊中发送 /tasks 查看您的检查任务。",
    checkin_no_task="您目前没有进行中的检查任务，位置未记录。发送 /tasks 查看任务。",
    checkin_task_button="{target}（{code} 第{number}号）",
    checkin_choose="这个位置是哪项任务的签到？请选择（也可在任务卡上点「开始检查」设定当前任务）：",
    # --- deadlines ---
    due_today="{due}（今天截止）",
    due_left="{due}（还剩 {days} 个工作日）",
    due_overdue_days="{due}（已逾期 {days} 个工作日）",
    due_overdue="{due}（已逾期）",
    due_estimated="（预估：该年放假安排未导入）",
    task_status_names={
        "assigned": "待开始",
        "in_progress": "检查中",
        "submitted": "结果待组员确认",
        "confirmed": "结果待审核",
        "reviewed": "已审核，待公示",
        "published": "已公示",
        "cancelled": "已取消",
    },
    cmd_task="查看一个检查任务：进度、期限与提醒",
    task_overview_usage="用法：/task 任务编号，例如 /task 双随机〔2026〕第001号-003（编号见抽取名单和记录表）。",
    task_overview="<b>检查任务 {code}</b>\n检查对象：{target}（{uscc}）\n状态：{status}\n检查组：{team}",
    task_overview_leader="{name}（组长）",
    task_overview_window="检查截止：{due}",
    task_overview_result="检查结果：{status}",
    task_overview_checked="检查日期：{day}",
    task_overview_publish="结果公示截止：{due}",
    task_overview_published="结果已公示。",
    task_overview_follow_up="整改期限：{due}",
    task_schedule_header="\n<b>提醒计划</b>",
    task_schedule_none="没有提醒。",
    task_schedule_line="{time} {kind} → {to}（{state}）",
    task_schedule_group="管理群",
    task_schedule_states={"pending": "待发", "sent": "已发", "cancelled": "已取消"},
    task_schedule_more="另有 {count} 条未列出。",
    # --- field: evidence ---
    evidence_kind_photo="照片",
    evidence_kind_video="视频",
    evidence_kind_document="文件",
    evidence_kind_voice="语音",
    evidence_kind_location="位置",
    evidence_kinds_separator="、",
    evidence_stored="✅ 已收到{kind}，已存入任务「{target}」。\nSHA-256：<code>{sha}…</code>",
    evidence_album="✅ 收到 {count} 个文件：{kinds}",
    evidence_album_task="已存入任务「{target}」。",
    evidence_exif_time="📷 拍摄时间（EXIF）：{time}",
    evidence_exif_place="📍 拍摄位置（EXIF）：{latitude}, {longitude}",
    evidence_duplicate="这个文件此前已收到（证据 #{number}，{time}），不再重复保存。",
    evidence_too_big="⚠️ 文件「{name}」约 {size} MB，超过 Telegram Bot API 的 20 MB 下载上限，机器人无法取得文件内容。已登记这条证据（状态：文件过大），请压缩或分段后重新发送。\n如需接收大文件，请管理员部署自建 Bot API 服务器（telegram-bot-api），并将设置 TELEGRAM_API_URL 指向它。",
    evidence_failed="⚠️ 文件「{name}」下载失败（已尝试 {attempts} 次），已登记但未保存文件内容。请稍后重新发送。",
    evidence_tip="💡 提示：以“文件”方式发送照片（不压缩）可保留拍摄时间和位置（EXIF），证据更完整。",
    evidence_kept_pending="文件已暂存，尚未归入任务。",
    evidence_which_task="它属于哪个任务？请选择：",
    evidence_no_task="你目前没有进行中的检查任务。文件不会丢失；有任务后请联系管理员归档。",
    evidence_assigned="✅ 已将 {count} 个文件归入任务「{target}」。",
    evidence_assign_stale="这些文件已归入任务，或已不存在。",
    evidence_task_not_open="这个任务已不在你进行中的任务里。",
    evidence_not_inspector="只有已绑定的检查人员才能提交检查证据，文件未保存。请先通过管理员发给你的邀请链接绑定。",
    evidence_fetch_button="📂 本任务的全部证据",
    evidence_fetch_none="任务「{target}」还没有已保存的证据。",
    evidence_fetch_header="任务「{target}」的证据共 {count} 个：",
    evidence_fetch_more="（仅发送前 {shown} 个）",
    evidence_fetch_forbidden="只有该任务的检查组成员或管理员可以查看它的证据。",
    evidence_file_caption="证据 #{number} · {kind} · {time}\nSHA-256：<code>{sha}</code>",
    # --- field: findings and review ---
    cmd_result="录入检查结果",
    cmd_correct="更正已审核的检查结果",
    help_results=(
        "/result — 录入检查结果（核查方式、检查结果、情况描述、后续处置、备注），可随时中断后继续\n"
        "/correct — 更正已审核通过的检查结果（需说明原因，原结果保留）"
    ),
    result_code_names={c.code: c.name for c in CODES},
    result_method_names={m.value: name for m, name in METHOD_NAMES.items()},
    result_follow_up_names={
        "none": "无需后续处置",
        "order": "责令改正",
        "transfer": "移送案件线索",
        "notify": "抄告相关部门",
        "daily": "移交日常监管",
    },
    result_consequence_names={"abnormal": "列入经营异常名录"},
    result_status_names={
        "submitted": "待组员确认",
        "returned": "已退回",
        "confirmed": "待审核",
        "approved": "已审核通过",
        "superseded": "已被新版本取代",
    },
    result_problems={
        "no_code": "请至少选择一项检查结果。",
        "no_problem_with_others": "「未发现问题」不能与其他检查结果同时选择。",
        "no_sub_item": "「发现问题待后续处理」和「违反工商行政管理相关规定」须选择具体子项。",
        "no_findings": "检查结果为发现问题，须填写检查情况描述。",
        "no_method": "请至少选择一种核查方式。",
        "no_follow_up": "请选择后续处置。",
        "no_due_date": "责令改正须填写改正期限。",
    },
    result_task_line="{code} 第 {number} 号：<b>{target}</b>",
    result_form_title="📝 <b>检查结果录入</b>",
    result_correction_line="更正原因：{reason}",
    result_summary=(
        "核查方式：{methods}\n检查结果：{codes}\n检查情况：{findings}\n后续处置：{follow_up}\n"
        "备注：{remarks}"
    ),
    result_follow_up_due="{name}（期限 {date}）",
    result_step_methods="① 选择核查方式（可多选），然后点「下一步」。",
    result_step_codes="② 选择检查结果（可多选；「未发现问题」与其他结果互斥），然后点「下一步」。",
    result_step_findings="③ 请直接发送检查情况描述（发现问题时必填）。",
    result_step_follow_up="④ 选择后续处置。",
    result_step_due="请发送责令改正的期限（日期，如 2026-12-20）。",
    result_step_remarks="⑤ 请发送备注，或点「跳过」。",
    result_step_summary="请核对以上内容，可修改任一项，确认无误后点「提交」。",
    result_step_reason="请发送更正原因（原结果将保留）。",
    button_result_next="下一步",
    button_result_keep="保留原描述",
    button_result_skip="跳过",
    button_result_back="返回核对",
    button_result_later="稍后继续",
    button_result_submit="提交",
    button_result_edit_methods="修改核查方式",
    button_result_edit_codes="修改检查结果",
    button_result_edit_findings="修改情况描述",
    button_result_edit_follow_up="修改后续处置",
    button_result_edit_remarks="修改备注",
    button_result_open="录入检查结果",
    button_result_continue="继续录入",
    button_result_show="查看结果",
    button_result_correct="更正",
    button_result_confirm="确认无误",
    button_result_object="有异议",
    button_result_cancel="取消",
    button_review_approve="通过",
    button_review_return="退回",
    button_proposal_apply="执行",
    button_proposal_dismiss="不执行",
    result_left="已保存，可随时发送 /result 或点任务卡片的「继续录入」接着填写。",
    result_pick_task="请选择要录入检查结果的任务：",
    result_pick_correct="请选择要更正检查结果的任务：",
    result_no_tasks="您目前没有需要录入检查结果的任务。",
    result_nothing_to_correct="您的任务中没有已审核通过的检查结果。",
    result_private_only="请在与机器人的私聊中使用此命令。",
    result_bad_date="日期无法识别或早于今天，请发送如 2026-12-20 的日期。",
    result_text_too_long="内容过长，最多 {limit} 字，请精简后重新发送。",
    result_refused="无法提交：{reason}",
    result_submitted="✅ 已提交检查结果（第 {number} 版），等待 {names} 确认。",
    result_submitted_alone="✅ 已提交检查结果（第 {number} 版），已送管理员审核。",
    result_confirm_request=(
        "📋 <b>请确认检查结果</b>\n{task}\n{submitter} 提交的第 {version} 版\n{correction}\n"
        "{summary}\n证据材料：{evidence} 份"
    ),
    result_confirmed_by_you="✅ 您已确认第 {version} 版检查结果。",
    result_confirmed_notice="✅ {name} 已确认 {target} 的检查结果（第 {version} 版）。{outcome}",
    result_sent_to_review="检查组已全部确认，已送管理员审核。",
    result_object_ask="请发送对 {target} 检查结果（第 {version} 版）的异议理由。",
    result_object_cancelled="已取消，未提出异议。",
    result_objected_done="已提出异议，检查结果已退回 {name} 修改。",
    result_objected_notice=(
        "⚠️ {name} 对 {target} 的检查结果（第 {version} 版）有异议：{reason}\n请修改后重新提交。"
    ),
    result_review_card=(
        "🔎 <b>检查结果待审核</b>\n{task}（{uscc}）\n检查组：{team}\n"
        "第 {version} 版，{submitter} 提交，检查组已全部确认\n{correction}\n{summary}\n"
        "证据材料：{evidence} 份"
    ),
    result_approved_card="{card}\n\n✅ 已由 {admin} 审核通过。",
    result_note_ask="请回复本消息，写明退回 {target} 检查结果的说明。",
    result_note_placeholder="退回说明",
    result_note_done="↩️ 已退回 {target} 的检查结果（第 {version} 版），说明已发给检查组。",
    result_approved_notice="✅ {target} 的检查结果（第 {version} 版）已审核通过。",
    result_returned_notice=(
        "↩️ {target} 的检查结果（第 {version} 版）被 {admin} 退回：{note}\n请修改后重新提交。"
    ),
    result_proposal_card=(
        "📌 <b>信用处置建议</b>\n{target}（{uscc}）\n检查结果：{codes}\n建议：{consequence}"
    ),
    result_proposal_applied="{card}\n\n✅ 已由 {admin} 执行。",
    result_proposal_dismissed="{card}\n\n✖️ {admin} 决定不执行。",
    result_view="📋 <b>检查结果</b>\n{task}\n\n{summary}\n\n<b>版本</b>\n{versions}",
    result_version_line="第 {number} 版 · {status} · {at} · {name}{extra}",
    result_version_correction="；更正原因：{reason}",
    result_version_note="；退回说明：{note}",
    result_not_member="您不是该任务检查组的成员。",
    result_task_closed="该任务已取消，或所属抽取未锁定。",
    result_approved_locked="该检查结果已审核通过，不能再修改；如需更正，请发送 /correct 并说明原因。",
    result_not_approved="该任务还没有审核通过的检查结果，无需更正。",
    result_not_waiting="该版本检查结果已不在待确认状态。",
    result_own_version="这是您提交的检查结果，由检查组其他成员确认。",
    result_already_answered="您已答复过该版本。",
    result_not_in_review="该检查结果已不在待审核状态。",
    result_admin_busy="您在本群还有未完成的操作（如抽取向导），请先完成或取消。",
    result_proposal_done="该建议已处理。",
    target_result_line="\n    检查结果（{date}）：{codes}",
    result_no_result="该任务还没有检查结果。",
    # --- draw wizard ---
    exclusion_reasons={
        "gone": "已注销/吊销",
        "inactive": "已停用",
        "recently_checked": "间隔期内已检查",
        "already_drawn": "本年度已抽中",
    },
    wizard_title="🎲 <b>双随机抽取</b>",
    wizard_step_items="第 1 步 / 5：选择抽查事项。可多选：选多项即为跨部门联合抽查，每个检查组都会包含各事项的部门。",
    wizard_no_items="抽查事项清单为空。请先用 /import items 导入事项清单。",
    wizard_step_scope="第 2 步 / 5：抽查范围。不选即为全部检查对象；可按区域和信用分类缩小范围（可多选）。已注销、停用、间隔期内已检查、本年度已抽中的对象总是排除。",
    wizard_step_size="第 3 步 / 5：抽取数量。按年度计划的分类比例（分层抽取），或固定户数，或百分比。",
    wizard_step_team="第 4 步 / 5：检查组。每组人数至少 2 人；可要求跨部门组队。每组第一位抽中的检查人员为组长。",
    wizard_size_plan="按年度计划比例",
    wizard_size_count="固定户数",
    wizard_size_percent="百分比",
    wizard_size_count_value="{count} 户（按各层户数比例分配）",
    wizard_size_percent_value="各层 {percent}%",
    wizard_size_plan_value="年度计划比例：{ratios}",
    wizard_team_size="每组 {size} 人",
    wizard_cross="跨部门组队",
    wizard_cross_on="跨部门",
    wizard_cross_off="不要求跨部门",
    wizard_team_value="检查组：每组 {size} 人，{cross}",
    wizard_next="下一步 ▶",
    wizard_to_preview="预览 ▶",
    wizard_cancel="取消",
    wizard_items_line="事项：{items}",
    wizard_scope_line="范围：{scope}",
    wizard_scope_all="全部检查对象",
    wizard_scope_regions="区域 {regions}",
    wizard_scope_classes="信用分类 {classes}",
    wizard_size_line="数量：{size}",
    wizard_window_line="检查时间：{start} 至 {end}",
    wizard_ask_count="请回复本消息，输入要抽取的户数（如 30）。",
    wizard_ask_percent="请回复本消息，输入抽取比例（百分比，如 5）。",
    wizard_ask_window="请回复本消息，输入检查开始和结束日期，如：2026-12-01 2026-12-31",
    wizard_ask_seed="请回复本消息，输入见证人现场掷骰得到的数字（至少 6 位，可用空格分组）。",
    wizard_ask_cancel_reason="请回复本消息，说明作废抽取 {code} 的原因（将记录在案并在群内公布）。",
    wizard_reply_placeholder="在此输入",
    wizard_size_invalid="户数应为 1 至 1000000 之间的整数。",
    wizard_percent_invalid="比例应为大于 0、不超过 100 的数字。",
    wizard_window_format="没有认出两个日期。请按「2026-12-01 2026-12-31」的格式输入开始和结束日期。",
    wizard_window_order="结束日期不能早于开始日期或今天，且两个日期应在同一年度。",
    wizard_pick_item="请至少选择一个抽查事项。",
    wizard_no_plan="本年度还没有抽查计划，无法按计划比例抽取。请先用 /template plan 和 /import plan 导入，或选择固定户数或百分比。",
    wizard_preview="<b>预览</b>（尚未进行任何随机抽取）\n{summary}\n{team}\n\n名录：{pool} 户（{pool_strata}）\n排除：{excluded}\n拟抽取：{sample} 户（{strata}）\n可参与抽取的检查人员：{inspectors} 名（{departments}）\n人均预计任务 {load} 个，每人最多 {cap} 个\n名录 SHA-256 摘要：\n<code>{digest}</code>",
    wizard_unbound="ℹ️ 其中 {count} 名尚未绑定 Telegram，抽中后暂时收不到任务卡片：{names}",
    wizard_nothing_to_draw="按当前设置抽取数量为 0，请调整范围或数量。",
    wizard_freeze="✅ 确认并冻结名录",
    wizard_edit_items="改事项",
    wizard_edit_scope="改范围",
    wizard_edit_size="改数量",
    wizard_edit_window="改日期",
    wizard_edit_team="改检查组",
    wizard_pool_changed="预览之后名录有变化（如刚导入了新数据），请核对新的预览后再确认。",
    wizard_step_seed="🔒 名录已冻结：<b>{code}</b>\n摘要 <code>{digest}</code> 已在群内公布。\n\n下一步：随机种子。请见证人现场掷骰，回复提示消息输入数字；或由系统从密码学安全随机源生成。种子一经使用，抽取结果即锁定，不能更换种子重抽。",
    wizard_crypto_seed="🎲 由系统生成随机种子并抽取",
    wizard_cancel_frozen="作废本次抽取",
    wizard_step_seed_confirm="抽取 <b>{code}</b> 的种子：\n<code>{seed}</code>\n\n确认后立即抽取并锁定，不能更改。",
    wizard_confirm_seed="✅ 确认种子并抽取",
    wizard_retype_seed="重新输入",
    wizard_seed_not_digits="种子只能是数字（可用空格或逗号分组）。",
    wizard_seed_length="种子至少 {least} 位数字，最长 {most} 个字符。",
    wizard_already_locked="抽取 {code} 已经完成并锁定，不能再次抽取。",
    wizard_draw_cancelled="抽取 {code} 已作废。",
    wizard_locked="✅ 抽取 <b>{code}</b> 已完成并锁定：抽中 {sample} 户，种子 <code>{seed}</code>。公告已在群内发布。",
    wizard_cancelled_frozen="抽取 {code} 已作废，记录保留。",
    wizard_abandoned="已取消，没有保存任何内容。",
    draw_frozen_notice="🔒 <b>{code}</b> 名录已冻结\n事项：{items}\n检查时间：{window}\n名录 {pool} 户，SHA-256 摘要：\n<code>{digest}</code>\n种子将在此之后由见证人输入或系统生成。",
    draw_teamless_notice="\n⚠️ {count} 户无法按规则组成检查组（第一户 {uscc}：{reason}）。请管理员用 /assign 指定检查组并说明理由，或用 /cancel_draw 作废本次抽取。",
    draw_cancelled_notice="🚫 抽取 <b>{code}</b> 已作废（{tasks} 个任务随之取消），记录保留。\n原因：{reason}",
    draw_cancel_usage="用法：/cancel_draw 抽取编号 原因",
    draw_cancel_done="抽取 {code} 已作废，{tasks} 个任务已取消。",
    draw_cancel_reason_needed="请写明作废原因（2 至 300 字）。",
    wizard_argument_bad="没有看懂参数「{argument}」。用法：/draw 事项=代码[,代码] 数量=30 或 比例=5 或 计划，日期=2026-12-01~2026-12-31，每组=2，跨部门，区域=…，信用=A,B。不带参数则按步骤选择。",
    wizard_department_short="联合抽查需要的部门「{department}」只有 {people} 名可参与抽取的人员，按每人任务上限最多覆盖 {reach} 户，少于拟抽取的 {sample} 户：部分检查对象将无法组队，需管理员手工指定。",
    draw_unbound_notice="\nℹ️ {count} 名检查人员尚未绑定 Telegram，绑定后会自动收到任务卡片：{names}",
    wizard_not_yours="这是另一位管理员的抽取向导。请发送 /draw 开始您自己的抽取；已冻结待输入种子的抽取可用 /draw 继续=编号 接手。",
    wizard_more_items="（只列出前 {shown} 个事项；其他事项请用 /draw 事项=代码 直接指定。）",
    # --- statistics ---
    cmd_stats="统计图表与 Excel",
    stats_unknown_scope=(
        "没有找到计划或年度「{scope}」。用法：<code>/stats [计划编号或年度]</code>，"
        "如 <code>/stats 2026</code> 或 <code>/stats PLAN-2026</code>；不写则为本年度。"
    ),
    stats_scope_year="{year}年度",
    stats_scope_plan="{code}（{title}）",
    stats_empty="{scope}：还没有已锁定的抽取，没有可统计的任务。",
    stats_summary=(
        "📊 <b>统计：{scope}</b>（{at}）\n"
        "抽取 {draws} 次（作废 {cancelled} 次），检查任务 {tasks} 个，已完成 {done} 个，"
        "逾期未完成 {overdue} 个\n"
        "结果公示：按时 {on_time}，逾期公示 {late}，逾期未公示 {unpublished}，待公示 {pending}\n"
        "检查人员 {inspectors} 人，结果按时提交 {submitted_on_time} 件、逾期 {submitted_late} 件，"
        "回避 {recusals} 人次"
    ),
    stats_estimated="\n⚠️ 部分公示期限所在年度的节假日安排尚未导入，按周末推算（预估）。",
    stats_coverage_line="\n按信用分类（计划 {plan}）：{strata}",
    stats_file_caption="{scope}统计数据（每张表一个工作表）",
    stats_blank="（未填）",
    stats_sheets={
        "overview": "概况",
        "status": "任务状态",
        "results": "检查结果",
        "regions": "区域",
        "industries": "行业",
        "inspectors": "检查人员",
        "overdue": "逾期任务",
        "publications": "结果公示",
        "late_publications": "逾期公示",
        "coverage": "信用分类覆盖",
    },
    stats_columns={
        "item": "项目",
        "value": "数值",
        "status": "状态",
        "tasks": "任务数",
        "code": "结果代码",
        "result": "检查结果",
        "region": "区域",
        "industry": "行业",
        "done": "已完成",
        "name": "姓名",
        "certificate": "执法证号",
        "department": "部门",
        "load": "任务量",
        "on_time": "按时提交",
        "late": "逾期提交或未提交",
        "rate": "按时率（%）",
        "recusals": "回避",
        "task": "任务编号",
        "target": "检查对象",
        "uscc": "统一社会信用代码",
        "due_on": "检查期限",
        "checked_on": "检查完成日期",
        "publish_due_on": "公示期限",
        "published_on": "公示日期",
        "kind": "类别",
        "stratum": "分类",
        "planned": "计划比例（%）",
        "pool": "名录内对象数",
        "drawn": "抽取数",
        "reached": "实际比例（%）",
    },
    stats_overview={
        "scope": "统计范围",
        "at": "统计时间",
        "locked": "抽取（有效）",
        "cancelled": "抽取（已作废）",
        "tasks": "检查任务",
        "overdue": "逾期未完成任务",
        "ratios_plan": "比例依据的年度计划",
        "estimated": "公示期限含预估",
        "yes": "是",
        "no": "否",
    },
    stats_publication_kinds={
        "on_time": "按时公示",
        "late": "逾期公示",
        "overdue": "逾期未公示",
        "pending": "待公示（未到期）",
    },
    stats_charts={
        "status": "检查任务状态",
        "results": "检查结果（已审核）",
        "tasks_axis": "任务数",
        "no_data": "暂无数据",
        "inspectors": "检查人员任务量与按时提交",
        "on_time": "按时提交",
        "late": "逾期",
        "open": "未到期",
        "rate": "按时率 {rate}",
        "coverage": "按信用分类的抽取比例",
        "planned": "计划比例",
        "reached": "实际抽取比例",
        "percent_axis": "比例（%）",
        "regions": "各区域任务数（前 {n} 位）",
        "industries": "各行业任务数（前 {n} 位）",
        "done": "已完成",
        "not_done": "未完成",
    },
    # --- draw views ---
    cmd_draws="抽取记录",
    draw_ambiguous="编号 {code} 对应多次抽取：{codes}。请输入完整编号。",
    draw_status_names={"preview": "预览中（尚未抽取）", "locked": "已锁定", "cancelled": "已作废"},
    draw_status_marks={"preview": " ⏳预览", "locked": "", "cancelled": " ❌已作废"},
    stratum_names={
        "blacklisted": "严重违法失信",
        "abnormal": "经营异常",
        "A": "A 类",
        "B": "B 类",
        "C": "C 类",
        "D": "D 类",
        "unclassified": "未分类",
    },
    draw_list_separator="、",
    draw_item="<code>{code}</code> {name}",
    draw_window="{start} 至 {end}",
    draw_stratum_line="· {stratum}：名录内 {pool} 个，抽取 {sample} 个",
    draw_team_rules="每组 {size} 人",
    draw_cross_department="，跨部门组队",
    draw_announcement=(
        "📢 <b>双随机抽查抽取结果</b>\n"
        "编号：<b>{code}</b>\n"
        "抽查事项：{items}\n"
        "检查期限：{window}\n"
        "抽取范围：{pool} 个检查对象\n{strata}\n"
        "共抽取 {sample} 个检查对象，并为每个对象随机选派检查组（{team}）。\n\n"
        "名录摘要（SHA-256）：<code>{digest}</code>\n"
        "随机种子：<code>{seed}</code>\n\n"
        "<b>如何复核</b>：管理员用 <code>python -m bot export draw {code} 记录.json</code> "
        "导出公开记录；任何人运行 <code>python -m bot verify 记录.json</code>，"
        "即可不依赖数据库重新推算检查对象和检查组，结果一致时显示 verified。"
    ),
    draw_summary=(
        "<b>{code}</b>{mark}\n"
        "状态：{status}\n"
        "抽查事项：{items}\n"
        "检查期限：{window}\n"
        "年度计划：{plan}\n"
        "检查组：{team}\n"
        "抽取范围：{pool} 个检查对象\n{strata}\n"
        "名录摘要：<code>{digest}</code>\n"
        "随机种子：<code>{seed}</code>\n"
        "抽取结果：{tasks} 个检查对象，其中无检查组 {teamless} 个；回避 {recusals} 人次\n"
        "创建：{created}　锁定：{locked}{cancelled}"
    ),
    draw_cancelled="\n❌ <b>已作废</b>：{at}（操作人 Telegram ID {by}）\n作废原因：{reason}",
    drawn_header="<b>{code}</b>{mark} 抽取名单：共 {total} 个，第 {page}/{pages} 页",
    drawn_line="{n}. {name}\n    <code>{uscc}</code> · {region} · {stratum}\n    检查组：{team}",
    drawn_leader="{name}（组长）",
    drawn_member="{name}",
    drawn_off_team={"recused": "<s>{name}</s>（回避）", "replaced": "<s>{name}</s>（已替换）"},
    drawn_no_team="⚠️ 无检查组，待管理员指定",
    drawn_empty="{code} 还没有抽取名单（尚未抽取）。",
    drawn_task_status={
        "assigned": "已分派",
        "in_progress": "检查中",
        "submitted": "已提交结果",
        "confirmed": "已确认",
        "reviewed": "已审核",
        "published": "已公示",
        "cancelled": "已取消",
    },
    draws_header="<b>抽取记录</b>：共 {total} 次，第 {page}/{pages} 页（新的在前）",
    draws_none="还没有任何抽取记录。",
    draws_line="{n}. <b>{code}</b>{mark}\n    {items} · {window} · 抽取 {count} 个",
    button_drawn_list="📋 名单",
    button_export_xlsx="📥 导出 XLSX",
    button_summary="↩ 概要",
    draw_export_caption="{code} 抽取名单：{count} 个检查对象。",
    target_draw_line="· <b>{code}</b>{mark} · {window}\n    检查组：{team}",
    drawn_xlsx_sheet="抽取名单",
    drawn_xlsx_headers={
        "number": "序号",
        "name": "检查对象",
        "uscc": "统一社会信用代码",
        "region": "区域",
        "industry": "行业",
        "stratum": "分层",
        "team": "检查组",
        "leader": "组长",
        "status": "状态",
    },
    drawn_xlsx_member="{name}（{certificate}）",
    drawn_xlsx_off_team={"recused": "〔回避〕", "replaced": "〔已替换〕"},
    drawn_xlsx_no_team="无检查组",
    drawn_xlsx_footer="抽取编号：{code}　状态：{status}",
    # --- publication ---
    cmd_publish="公开检查结果、抽查任务或事项清单",
    publish_results_title="{bureau}{year}年度第{number}号抽查任务检查结果公告",
    publish_results_prefix="结果公告",
    publish_results_headers={
        "task": "任务编号",
        "target": "检查对象名称",
        "uscc": "统一社会信用代码",
        "completed": "检查完成日期",
        "result": "检查结果",
        "remarks": "备注",
    },
    publish_draw_title="{bureau}随机抽查任务公告（{code}）",
    publish_draw_prefix="抽查任务公告",
    publish_draw_facts={
        "plan": "抽查计划编号",
        "task": "抽查任务编号",
        "items": "抽查事项",
        "scope": "抽查范围",
        "window": "检查时间",
        "body": "检查主体",
        "count": "抽取检查对象数量",
    },
    publish_draw_headers={
        "number": "序号",
        "target": "检查对象名称",
        "uscc": "统一社会信用代码",
        "authority": "登记机关",
    },
    publish_items_title="{bureau}{year}年度随机抽查事项清单",
    publish_items_prefix="抽查事项清单",
    publish_items_headers={
        "number": "序号",
        "code": "事项编码",
        "item": "抽查事项",
        "category": "事项类别",
        "basis": "抽查依据",
        "enforcing": "实施主体",
        "inspecting": "检查主体",
        "targets": "抽查对象",
        "content": "抽查内容",
        "methods": "抽查方式",
        "frequency": "抽查频次",
    },
    publish_item_categories={"general": "一般检查事项", "key": "重点检查事项"},
    publish_footer_date="发布日期：{date}",
    publish_sheet="公告",
    publish_none="无",
    publish_result_separator="；",
    publish_usage=(
        "用法：\n/publish — 公开已审核通过的检查结果（先预览）\n"
        "/publish draw 抽取编号 — 公开抽查任务及抽取名单\n/publish items — 公开抽查事项清单"
    ),
    publish_preview=(
        "📢 <b>待公开的检查结果</b>\n共 {count} 项已审核通过、尚未公开（应在检查完成后 {days} 个工作日内公开）。\n"
        "最早的公开期限：{earliest}\n\n{late}\n\n确认后将生成结果公告（Excel、CSV、网页），写入公开目录并发送到本群。"
    ),
    publish_preview_earliest="{due}（{code}）",
    publish_preview_late_header="⚠️ <b>已超过公开期限（{count} 项）</b>：",
    publish_preview_late_line="• {code}　{target}　期限 {due}",
    publish_preview_more="……另有 {count} 项",
    publish_preview_none_late="均未超过公开期限。",
    publish_estimated="（预估）",
    publish_nothing="没有待公开的检查结果：已审核通过的结果均已公开。",
    button_publish_confirm="确认公开",
    button_publish_cancel="取消",
    publish_cancelled="已取消，未公开任何内容。",
    publish_stale="待公开的内容已经变化（或已被公开），请重新发送 /publish 查看。",
    publish_done="✅ 已公开：{title}\n共 {count} 项；文件已写入公开目录，随后发送到本群。",
    publish_caption="{title}",
    publish_draw_not_locked="只有已锁定的抽取可以公开；{code} 的状态为：{status}。",
    publish_draw_already="{code} 已于 {date} 公开：{title}",
    publish_items_empty="抽查事项清单为空，没有可公开的内容。",
    # --- assignments and recusal ---
    cmd_recuse="登记回避并替补",
    cmd_assign="为无检查组的对象指派检查组",
    card_title="📋 <b>检查任务</b>　{code} 第 {number} 号",
    card_target="<b>检查对象</b>：{name}\n统一社会信用代码：<code>{uscc}</code>\n地址：{address}\n法定代表人：{legal}\n联系电话：{phone}",
    card_items_header="<b>抽查事项</b>",
    card_item_line="• {name}：{content}",
    card_window="<b>检查期限</b>：{start} 至 {end}",
    card_team_header="<b>检查组</b>",
    card_team_line="• {name}{leader}　{phone}{accepted}",
    card_leader_mark="（组长）",
    card_accepted_mark="　✅已接受",
    card_no_team="（暂无，等待管理员指派）",
    card_replacement_note="🔁 您接替回避的检查人员加入本检查组。",
    card_manual_note="👥 本检查组由管理员指派。",
    card_pending="请点击「接受」确认任务；如与检查对象有利害关系，请点击「申请回避」并说明原因。",
    card_accepted="✅ 您已于 {time} 接受此任务。",
    card_recused="🚫 您已回避此任务（原因：{reason}）。",
    card_left="此任务已不再由您负责。",
    button_accept="接受",
    button_recuse="申请回避",
    button_recuse_cancel="取消",
    card_not_yours="这张任务卡不是您的，不能代为操作。",
    card_closed="此任务已不再由您负责（已回避或已被替换），按钮无效。",
    card_accept_ok="已接受任务。",
    card_already_accepted="您已接受此任务。",
    recuse_ask="请直接发送申请回避的原因（{limit} 字以内），例如与该单位存在的利害关系。\n检查对象：{target}",
    recuse_cancelled="已取消回避申请，任务不变。",
    recuse_reason_too_long="原因不能超过 {limit} 字，请精简后重新发送。",
    recuse_reason_empty="请用文字说明回避原因，或点击「取消」。",
    recuse_done="已登记回避：{target}。{outcome}",
    recuse_outcome_replaced="由 {name} 接替。",
    recuse_outcome_waiting="暂无符合规则的接替人员，等待管理员指派。",
    recuse_by_self="本人申请",
    recuse_by_admin="管理员 {admin} 登记",
    notice_recused="🔁 <b>回避</b>　{code} 第 {number} 号\n检查对象：{target}（<code>{uscc}</code>）\n{name}（{certificate}）回避，{by}。原因：{reason}\n{outcome}",
    notice_replaced="按规则接替：{name}（{certificate}）。",
    notice_no_replacement="⚠️ 没有符合规则的接替人员。请用 /assign {code} {uscc} 执法证号1,执法证号2 原因 指派检查组。",
    notice_team_changed="👥 检查组变动：{code} 第 {number} 号 {target}\n{name} 已回避。{outcome}",
    notice_assigned="👥 <b>指派检查组</b>　{code} 第 {number} 号\n检查对象：{target}（<code>{uscc}</code>）\n检查组：{team}\n原因：{reason}（管理员 {admin}）",
    notice_unbound="未绑定 Telegram、暂收不到任务卡：{names}（绑定后自动补发）。",
    recuse_usage="用法：/recuse 抽取编号 统一社会信用代码 执法证号 原因",
    assign_usage="用法：/assign 抽取编号 统一社会信用代码 执法证号1,执法证号2[,…] 原因（第一位为组长）",
    assignment_draw_unknown="没有编号为 {code} 的已锁定抽取。",
    assignment_not_drawn="抽取 {code} 中没有统一社会信用代码为 {uscc} 的检查对象。",
    assignment_not_member="执法证号 {certificate} 不是该检查组的在组成员。",
    assign_has_team="该检查对象已有检查组（{team}），无需指派；如需调整，请先用 /recuse 登记回避。",
    assign_too_few="检查组至少需要 2 名不同的检查人员。",
    assign_unknown_inspector="名录中没有执法证号为 {certificate} 的检查人员。",
    assign_inactive="{name}（{certificate}）已停用，不能指派。",
    assign_expired="{name}（{certificate}）的执法证在检查期结束（{end}）前失效或未登记有效期，不能指派。",
    assign_conflict="{name}（{certificate}）与该检查对象有利害关系，须回避，不能指派。",
    assign_recused_before="{name}（{certificate}）已在本任务中回避，不能再指派。",
    assignment_reason_required="请写明原因。",
    assignment_reason_too_long="原因不能超过 {limit} 字。",
    # --- reminders ---
    cmd_reminders="即将收到的提醒",
    reminders_private_only="请在与本机器人的私聊中发送 /reminders 查看您的提醒。",
    reminder_due_soon=(
        "⏰ <b>检查期限提醒</b>\n{target}（{code}）\n"
        "检查期限 {due}{estimated}，还有 <b>{days}</b> 个工作日。请按时检查并提交结果（/result）。"
    ),
    reminder_due_today=(
        "⏰ <b>今天是检查期限的最后一天</b>\n{target}（{code}）\n"
        "检查期限 {due}{estimated}。请今天完成检查并提交结果（/result）。"
    ),
    reminder_overdue=(
        "🔴 <b>检查任务已超期</b>\n{target}（{code}）\n"
        "检查期限 {due}{estimated}，已超期 <b>{days}</b> 个工作日。请尽快提交结果（/result）。"
    ),
    reminder_follow_up=(
        "⏰ <b>责令改正期限提醒</b>\n{target}（{code}）\n"
        "改正期限 {due}{estimated}，还有 <b>{days}</b> 个工作日，到期后复查。"
    ),
    reminder_follow_up_today=(
        "⏰ <b>今天是责令改正期限</b>\n{target}（{code}）\n改正期限 {due}{estimated}，请安排复查。"
    ),
    reminder_estimated="（预估）",
    reminder_button_open="打开任务",
    reminder_button_snooze_short="稍后提醒：2 小时后",
    reminder_button_snooze_tomorrow="稍后提醒：明天 {time}",
    reminder_snoozed="好的，{time} 再提醒您。",
    reminder_snooze_already="这条提醒已改到 {time}。",
    reminder_snooze_gone="这条提醒已不再需要（任务已完成或已取消）。",
    reminder_snooze_not_yours="这条提醒不是发给您的。",
    digest_title="📋 <b>每日提醒</b> {day}",
    digest_overdue_header="<b>超期未提交结果</b>（{count} 项）",
    digest_overdue_line="• {target}（{code}）期限 {due}，超期 {days} 个工作日",
    digest_publish_header="<b>即将到公示期限</b>（{count} 项）",
    digest_publish_line="• {target}（{code}）应于 {due}{estimated} 前公示，还有 {days} 个工作日",
    digest_late_header="<b>已超过公示期限</b>（{count} 项）",
    digest_late_line="• {target}（{code}）应于 {due}{estimated} 前公示，已超 {days} 个工作日",
    digest_more="…另有 {count} 项",
    reminders_none="您目前没有待发送的提醒。",
    reminders_title="<b>即将收到的提醒</b>（{count} 条）",
    reminders_task_header="<b>{target}</b>（{code}）",
    reminders_line="• {time} {kind}",
    reminder_kinds={
        "due_soon": "检查期限临近",
        "due_today": "检查期限当天",
        "overdue": "超期提醒",
        "follow_up": "责令改正期限",
        "digest": "每日提醒",
    },
    # --- audit ---
    digest_audit_head="审计链头：<code>{head}…</code>（{count} 条）",
    # --- field: record sheet ---
    record_sheet_labels={
        "sheet": "记录表",
        "title": "随机抽查情况记录表",
        "task": "任务编号",
        "draw": "抽取编号",
        "target": "检查对象",
        "uscc": "统一社会信用代码",
        "address": "住所（经营场所）",
        "legal_representative": "法定代表人（负责人）",
        "phone": "联系电话",
        "items": "抽查事项",
        "window": "检查期限",
        "check_date": "检查日期",
        "team": "检查人员",
        "leader": "（组长）",
        "checkin": "现场签到",
        "methods": "核查方式",
        "results": "检查结果",
        "findings": "检查情况",
        "follow_up": "后续处置",
        "remarks": "备注",
        "version": "结果版本",
        "evidence": "影像及书面资料（共 {count} 项，SHA-256 可用于核对原件）",
        "evidence_kind": "类型",
        "evidence_name": "文件",
        "evidence_sent": "时间 / 提交人",
        "evidence_sha256": "SHA-256",
        "evidence_none": "无",
        "sign_inspectors": "检查人员签字",
        "sign_target": "检查对象签字（盖章）",
        "sign_date": "日期",
        "footer": "由 SpotCheck 生成于 {at}；与系统记录核对一致后签字。",
    },
    record_no_result="尚未提交检查结果",
    record_version="第 {number} 版，{status}",
    record_unknown_task="没有这个检查任务。",
    record_not_yours="只有该任务的检查组成员或管理员可以获取记录表。",
    record_file_prefix="随机抽查情况记录表",
    record_window="{start} 至 {end}",
    record_distance="，距检查对象 {metres} 米",
    record_accuracy="（定位精度 {metres} 米）",
    record_checkin="{at} {name}，{latitude}, {longitude}{distance}{accuracy}",
    record_export_not_empty="目录 {folder} 不是空的：请指定一个新目录或空目录。",
    record_caption="📄 {code} 随机抽查情况记录表：打印后由检查人员和检查对象签字。",
    record_usage="请在任务卡片上点「📄 记录表」，或发送 /tasks 打开任务。",
    button_record="📄 记录表",
    record_file_problems={
        "missing": "证据文件 #{id} 不在 MEDIA_DIR 中：未导出。",
        "changed": "证据文件 #{id} 的 SHA-256 与记录不符（文件已被改动）：未导出。",
    },
    # --- calendar register ---
    cmd_holidays="工作日历：放假与调休",
    holidays_sources={
        "register": "本局导入",
        "package": "内置日历（chinese-calendar 程序包）",
        "weekends": "预估（尚无该年放假安排，仅按周末推算）",
    },
    holidays_weekdays={
        "0": "星期一",
        "1": "星期二",
        "2": "星期三",
        "3": "星期四",
        "4": "星期五",
        "5": "星期六",
        "6": "星期日",
    },
    holidays_problems={
        "bad_date": "无法识别的日期「{value}」：请写作 2027-02-15、2-15 或 2月15日，连续几天用 ~ 或 至 连接",
        "no_such_day": "「{value}」：没有这一天",
        "bad_range": "区间「{value}」不对：结束日期应在开始日期之后，且不超过 {limit} 天",
        "outside_year": "「{value}」不在 {year} 年",
        "makeup_weekday": "{value} 是{weekday}：调休上班日应是周六或周日",
        "conflict": "{value} 既写了放假又写了上班",
        "no_kind": "「{value}」前面缺少「放假」或「上班」",
        "name_without_dates": "名称「{value}」后面没有日期",
        "name_too_long": "名称「{value}」超过 {limit} 个字",
        "empty": "没有任何日期：请写出放假日和调休上班日，用法见 /holidays",
        "missing_date": "「日期」为空",
        "bad_kind": "「类型」应为「放假」或「上班」，而不是「{value}」",
        "no_header": "没有找到表头：文件应有「日期」「类型」两列，可加「名称」",
        "no_year": "看不出是哪一年：请写完整日期，如 2027-02-15，或在文件说明中写 /holidays 2027",
        "mixed_years": "日期分属 {year} 年和 {other} 年：一个文件只能是一年的安排",
        "file_too_big": "文件超过 {limit} KB：这不像是放假安排文件",
        "too_many_rows": "行数超过 {limit} 行：这不像是放假安排文件",
    },
    holidays_usage=(
        "<b>工作日历</b>（放假与调休）\n"
        "/holidays — 今年和明年的日历来源\n"
        "/holidays 2027 — 2027 年的放假日和调休上班日\n"
        "/holidays 2027 放假 … 上班 … — 导入 2027 年放假安排，例如：\n"
        "<code>/holidays 2027 放假 元旦 1-1 春节 2-15~2-21 上班 2-14 2-27</code>\n"
        "• 日期写作 2027-02-15、2-15 或 2月15日；\n"
        "• 连续几天用 ~ 或 至 连接：2-15~2-21、2月15日至21日（「-」只分隔月和日，不表示区间）；\n"
        "• 「放假」之后是放假日，「上班」之后是调休上班日（只能是周六、周日）；\n"
        "• 不含数字的词是节日名称，用于其后的日期。\n"
        "也可以发送 Excel/CSV 文件，列为：日期、类型〔放假或上班〕、名称，一行一天或一个区间"
        "〔2027-02-15~2027-02-21〕，文件说明写 <code>/holidays 2027</code>。\n"
        "导入的年份以本局为准，覆盖内置日历；同一年重新导入即整体替换。有任何错误则不作改动。"
    ),
    holidays_overview_header="<b>各年工作日的依据</b>",
    holidays_overview_line="{year} 年：{source}{imported}",
    holidays_imported_at="，{at} 导入",
    holidays_year_header="<b>{year} 年工作日历</b>\n来源：{source}{imported}",
    holidays_estimated_note=(
        "⚠️ {year} 年的放假安排尚未导入：日期只按周末推算，显示为「预估」。"
        "国务院办公厅公布后请导入，用法见 /holidays。"
    ),
    holidays_off_header="<b>放假</b>（调休使 {weekdays} 个工作日休息）",
    holidays_makeup_header="<b>调休上班</b>（{count} 天）",
    holidays_nothing="无",
    holidays_day="{month}月{day}日（{weekday}）",
    holidays_range="{first} 至 {last}，共 {days} 天",
    holidays_block="• {dates}",
    holidays_block_named="• {name}：{dates}",
    holidays_imported=(
        "✅ <b>{year} 年放假安排</b>已导入：放假 {days_off} 天（其中工作日 {weekdays_off} 天），"
        "调休上班 {makeup} 天。\n已按新日历重新计算 {recomputed} 个未完成任务的期限。"
    ),
    holidays_replaced="此前导入的 {year} 年内容已整体替换。",
    holidays_import_failed="❌ 放假安排<b>未导入，没有作任何改动</b>。共 {count} 处问题：",
    holidays_issue_token="「{token}」：{reason}",
    holidays_more="……另有 {more} 处问题。",
    holidays_unknown_notice=(
        "⚠️ <b>{year} 年的放假安排尚未导入</b>\n"
        "有任务的期限落在 {year} 年：机器人只能按周末推算，这些日期都标为「预估」。\n"
        "国务院办公厅公布 {year} 年放假安排后，请在本群导入，例如（日期仅为示意）：\n"
        "<code>/holidays {year} 放假 元旦 1-1 春节 2-15~2-21 上班 2-14</code>\n"
        "或发送 Excel/CSV 文件，列为：日期、类型、名称，文件说明写 <code>/holidays {year}</code>。\n"
        "导入后，所有未完成任务的期限会自动重新计算。"
    ),
    # --- plans ---
    cmd_plan="年度抽查计划及进度",
    plan_strata={
        "A": "A类",
        "B": "B类",
        "C": "C类",
        "D": "D类",
        "unclassified": "未分类",
        "blacklisted": "严重违法失信",
        "abnormal": "经营异常",
    },
    plan_problems={
        "plan_bad_year": "「{value}」不是有效的年度，应为 {low}～{high} 之间的四位数字",
        "plan_missing_setting": "缺少「{label}」这一行（在左列写名称、右侧写数值，参见 /template plan）",
        "plan_no_settings": "没有找到计划的内容（年度、计划名称、各类抽查比例）。请使用模板：/template plan",
        "plan_no_items_header": "没有找到抽查事项表头（含「{header}」的一行）。请使用模板：/template plan",
        "plan_no_items": "计划中没有抽查事项：请在「事项编码」下逐行填写",
        "plan_unknown_row": "已忽略未识别的行「{label}」",
        "plan_not_whole": "「{value}」不是整数天数",
        "plan_small_ratios": "各类比例都不超过 1：比例按百分数填写（3 表示 3%），请确认不是把 3% 写成了 0.03",
        "plan_unknown_item": "事项编码 {value} 不在抽查事项清单中，请先导入抽查事项（/import items）",
        "plan_inactive_item": "事项 {value} 在抽查事项清单中已停用",
        "too_many_rows": "行数超过 {limit} 行：这不像是年度抽查计划文件",
    },
    plan_sheet_title="年度抽查计划",
    plan_usage="用法：<code>/plan [年度]</code>，例如 <code>/plan 2026</code>",
    plan_none=(
        "{year} 年度还没有抽查计划。\n"
        "请发送 <code>/template plan {year}</code> 下载模板，填写后发送文件并在说明中写 "
        "<code>/import plan</code>。"
    ),
    plan_template_caption="{year} 年度抽查计划模板：已列出抽查事项清单中的全部事项和参考比例，请按本局计划修改后用 /import plan 导入。",
    plan_template_existing_caption="{year} 年度抽查计划（当前内容）：修改后用 /import plan 导入即更新该年度计划。",
    plan_file_too_big="文件大小 {size} MB：年度抽查计划文件不应超过 {limit} MB，请检查是否发错了文件。",
    plan_import_created=(
        "✅ <b>{year} 年度抽查计划</b>已导入：{title}\n"
        "抽查事项 {items} 项；两次检查最短间隔 {min_days} 天\n比例：{ratios}"
    ),
    plan_import_updated=(
        "✅ <b>{year} 年度抽查计划</b>已更新：{title}\n"
        "抽查事项 {items} 项；两次检查最短间隔 {min_days} 天\n比例：{ratios}"
    ),
    plan_import_unchanged="{year} 年度抽查计划与文件内容一致，未作改动。",
    plan_import_failed="❌ 年度抽查计划导入失败，<b>未导入任何内容</b>。共 {count} 处错误：",
    plan_import_after_draws=(
        "⚠️ 本年度已有 {draws} 次抽取，此次修改已记入审计日志{told}。\n修改前比例：{before}"
    ),
    plan_changed_notice=(
        "⚠️ <b>{year} 年度抽查计划在已有抽取后被修改</b>：{title}\n"
        "本年度已有抽取 {draws} 次（已作的抽取按当时的比例，不受影响）。\n"
        "修改前比例：{before}\n修改后比例：{after}\n"
        "两次检查最短间隔：{min_before} → {min_after} 天\n此次修改已记入审计日志。"
    ),
    plan_header=(
        "<b>{year} 年度抽查计划</b>：{title}\n"
        "两次检查最短间隔：{min_days} 天\n"
        "本年度抽取：已锁定 {locked} 次，已作废 {cancelled} 次"
    ),
    plan_ratios_line="比例：{ratios}",
    plan_strata_header="<b>抽查进度</b>（本年度已抽取的对象 / 目前可抽取的对象）",
    plan_stratum_line="{stratum}：计划 {ratio}，已抽 {drawn}/{active}，达 {share}",
    plan_items_header="<b>抽查事项</b>（{count} 项）",
    plan_item_line="<code>{code}</code> {name}：{frequency}；{methods}{note}",
    plan_item_note="（{note}）",
    plan_no_ratio="未定",
    plan_group_told="，并已通知管理群",
    plan_cli_no_plan="{year} 年度还没有抽查计划，不能按计划比例抽取。请先导入：python -m bot template plan 文件，填写后 python -m bot import plan 文件；或改用 --count / --percent。",
    # --- groundwork: infrastructure (floods, pacing) ---
    flood_notice="操作过于频繁，请稍后再试。",
    # --- groundwork: accounts ---
    start_admin_private="您好！您是管理群的管理员。管理命令请在管理群中使用；您生成的邀请链接会私聊发到这里。发送 /whoami 查看您的身份。",
    inspector_status={
        "eligible": "执法证有效期至 {date}。",
        "expired": "⚠️ 您的执法证已于 {date} 过期，更新前不能参与抽取。请联系管理员更新名录。",
        "no_expiry": "⚠️ 名录中没有您的执法证有效期，登记前不能参与抽取。请联系管理员。",
        "inactive": "⚠️ 您在检查人员名录中已停用，不能参与抽取。如有疑问，请联系管理员。",
    },
    account_label="{name}（ID {user_id}）",
    account_label_username="{name}（@{username}，ID {user_id}）",
    admin_group_unset=(
        "⛔ 管理群尚未设置，管理命令暂不可用。\n"
        "设置方法：把机器人加入局里的管理群，在群里发送 /start，机器人会回复要写入 "
        "<code>.env</code> 的 <code>ADMIN_CHAT_ID</code>；设置后重启机器人。"
    ),
    whoami_admin_unset="管理群：尚未设置（<code>ADMIN_CHAT_ID</code>）。",
    invite_phone_check="\n本人点击链接后，还需分享名录中登记的手机号确认身份。",
    invite_no_phone_warning="\n⚠️ 名录中没有 {name} 的手机号：任何人点击此链接都会直接绑定，请务必只发给本人。",
    invite_sent_privately="🔗 {name}（执法证号 {certificate}）的一次性绑定链接已私聊发给 {admin}。",
    invite_admin_unreachable=(
        "⚠️ 无法私聊发送邀请链接：您还没有打开过与机器人的私聊。\n"
        "请在 Telegram 中打开 @{bot_username}，点击「开始」（或发送 /start），"
        "然后在本群重新发送 <code>/invite {certificate}</code>。本次生成的链接已作废。"
    ),
    invite_warn_expired="⚠️ 注意：{name} 的执法证已于 {date} 过期，绑定后仍不能参与抽取；请先更新检查人员名录。",
    invite_warn_no_expiry="⚠️ 注意：名录中没有 {name} 的执法证有效期，绑定后仍不能参与抽取；请先补充检查人员名录。",
    bind_confirm_phone=(
        "您正在绑定检查人员 <b>{name}</b>。\n"
        "为确认是本人，请点击下方「📱 分享我的手机号」按钮；手机号需与名录中登记的一致。"
    ),
    bind_same="您的账号已绑定检查人员 {name}，无需重复绑定。",
    bind_inactive="检查人员 {name} 已在名录中停用，不能绑定。如有疑问，请联系管理员。",
    bind_too_many="尝试次数过多，请 {minutes} 分钟后再试。如链接有问题，请联系管理员重新生成。",
    bind_notice_rebind=(
        "🔗 {name}（执法证号 {certificate}）通过{method}改绑到 Telegram 账号 {account}；"
        "原账号 {old_account}已解除绑定，并已通知。"
    ),
    rebound_notice=(
        "您的 Telegram 账号与检查人员 {name} 的绑定已被另一个账号取代（通过管理员生成的邀请链接）。"
        "如非您本人所为，请立即联系管理员。"
    ),
    phone_mismatch=(
        "您分享的手机号 {phone} 与名录中 {name} 登记的手机号不一致，未绑定。"
        "请用本人的 Telegram 账号操作；如手机号已变更，请联系管理员更新名录。"
    ),
    phone_blocked="管理员已解除 {name} 的账号绑定，不能再凭手机号自助绑定。请联系管理员生成新的邀请链接。",
    flow_stale="此按钮已失效（已处理过，或已有更新的步骤），请使用最新的消息。",
    # --- groundwork: register files ---
    # --- groundwork: registers and jobs ---
    job_busy="⏳ 该名录正在导入或停用中，请等它完成后再试。",
    job_interrupted_import="⚠️ {register}导入（{file}）因机器人重启而中断，<b>未导入任何数据</b>，请重新发送文件。",
    job_interrupted_deactivate="⚠️ 停用{register}中缺失条目的操作因机器人重启而中断，<b>未停用任何条目</b>，请重新操作。",
    job_interrupted_draw="⚠️ 抽取因机器人重启而中断，未产生任何结果，请重新抽取。",
    import_no_file="您回复的消息里没有文件。请回复一个 Excel/CSV 文件发送 <code>/import 名录</code>，或发送文件时在说明中写 <code>/import 名录</code>。",
    import_download_failed="❌ 文件下载失败，<b>未导入任何数据</b>。请稍后重新发送。",
    import_missing="名录中另有 {missing} 条不在本文件中，<b>未作改动</b>。如果它们已不再适用，可以停用（停用的条目不参与抽取，历史记录保留）：",
    button_deactivate="停用这 {count} 条",
    button_keep="保持不变",
    missing_kept="好的，保持不变。",
    deactivate_stale="此按钮已过期：该名录之后又有导入或停用操作。如需停用，请重新导入文件。",
    deactivate_working="⏳ 正在停用……",
    deactivate_done="✅ 已停用{register}中不在文件（{file}）里的 {count} 条。历史记录保留，重新导入即可恢复。",
    deactivate_failed="❌ 停用失败，<b>未停用任何条目</b>：{reason}",
    cli_missing_hint="名录中另有 {missing} 条不在文件中，未停用；如需停用，请加 --deactivate-missing 重新导入。",
    target_wrong_check="统一社会信用代码 {uscc} 的校验位不对：按 GB 32100-2015，第 18 位应为 {expected}，即 <code>{corrected}</code>。请核对后重试。",
)
