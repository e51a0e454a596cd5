"""English."""

from bot.texts import Texts

EN = Texts(
    start_stranger=(
        "Hello! This is <b>SpotCheck</b>, the bureau's random spot-check assistant; it serves "
        "the bureau's registered inspectors only.\n\n"
        "Your Telegram account is not bound to an inspector yet. Ask an admin for an invite "
        "link and open it."
    ),
    start_inspector=(
        "Hello, {name}! Your Telegram account is bound to the inspector directory.\n{status}\n"
        "Send /whoami for your record, /help for the commands."
    ),
    start_admin=(
        "SpotCheck is ready in this admin group.\n"
        "Importing, exporting and browsing the registers, and binding inspectors' accounts, "
        "happen here. Send /help for the admin commands."
    ),
    start_group_member=(
        "SpotCheck is ready in this admin group. Admin commands are for the group's "
        "administrators only; ask one of them if you need access."
    ),
    start_unconfigured_group=(
        "SpotCheck has no admin group configured yet, so admin commands are off.\n"
        "If this is the bureau's admin group, set <code>ADMIN_CHAT_ID={chat_id}</code> "
        "in <code>.env</code> and restart the bot."
    ),
    start_foreign_group=(
        "SpotCheck works only in the bureau's admin group; it takes no commands here."
    ),
    help_stranger=(
        "<b>Getting started</b>\n"
        "Your account is not bound to an inspector. Ask an admin for an invite link, or tap "
        "\u201cShare my phone number\u201d: a number that matches the directory binds too.\n\n"
        "/start — start\n/whoami — who am I\n/tasks — my inspection tasks (once bound)\n"
        "/help — help"
    ),
    help_inspector=(
        "<b>Inspector commands</b>\n"
        "/start — start\n"
        "/whoami — my record (department, certificate, draw eligibility)\n"
        "/tasks — my inspection tasks: to accept, to do, done…; each opens its task card\n"
        "/record TASK — the record sheet to print and sign (also 📄 on the task card)\n"
        "/reminders — reminders coming up (3 and 1 working days before the check window ends, "
        "on its last day, every working day once overdue)\n"
        "/help — help\n\n"
        "When you are drawn, your task card arrives here: tap \u201cAccept\u201d to confirm it; "
        "if you have a conflict of interest with the target, tap \u201cRecuse\u201d and give the "
        "reason, and a replacement is chosen by the rules.\n"
        "Before you go, tap \u201cStart inspection\u201d on the task card to make it your current "
        "task; on site, tap \u201c📍 Check in (send location)\u201d."
    ),
    help_admin=(
        "<b>Admin commands</b> (group administrators only)\n"
        "<b>Registers</b>\n"
        "/import REGISTER — import: send a file with the command as its caption, or reply to one\n"
        "/export REGISTER — export to Excel\n"
        "/template REGISTER — empty template\n"
        "/targets [text] — search targets\n"
        "/target USCC — one target\n"
        "/inspectors — the inspectors\n"
        "/items — the inspection items\n"
        "Registers: targets, items, inspectors, conflicts\n\n"
        "<b>Annual plan</b>\n"
        "/plan [year] — the year's plan and its progress\n"
        "/template plan [year] — plan template (the current plan, if there is one)\n"
        "/import plan — import a plan (importing the same year again updates it)\n\n"
        "<b>Statistics</b>\n"
        "/stats [plan code or year] — charts (PNG) and Excel: tasks by status, results, regions and industries, inspectors, overdue and publication, credit class coverage (default: this year)\n\n"
        "<b>Working-day calendar</b>\n"
        "/holidays [YEAR] — days off and make-up working days: show them, or import a year's arrangement (typed or a file; see /holidays)\n\n"
        "<b>Random draws</b>\n"
        "/draw — the draw wizard: items, scope, size, dates and teams, preview, freeze, seed\n"
        "/draw items=CODE count=30 dates=2026-12-01~2026-12-31 — with typed arguments\n"
        "/draw resume=CODE — enter the seed of a frozen draw\n"
        "/cancel_draw CODE reason — cancel a draw (it stays on record)\n"
        "/draws — all draws (cancelled ones included)\n"
        "/draw CODE — one draw: summary, drawn list, Excel export (the number alone will do, e.g. 1)\n\n"
        "<b>Accounts</b>\n"
        "/invite CERTIFICATE — one-time link that binds an inspector's account (sent to you privately)\n"
        "/unbind CERTIFICATE — unbind\n"
        "/whoami — who am I\n\n"
        "<b>Teams</b>\n"
        "/recuse DRAW USCC CERTIFICATE reason — record a recusal; the rules pick a replacement\n"
        "/assign DRAW USCC CERT1,CERT2 reason — assign a team by hand to a target without one "
        "(the first one leads)\n"
        "/record TASK — a task's record sheet (e.g. /record 双随机〔2026〕第001号-003)\n"
        "/task TASK — a task's progress, deadlines (working days left) and reminders\n\n"
        "<b>Publication</b>\n"
        "/publish — preview and publish approved results (the results notice)\n"
        "/publish draw CODE — publish a draw's task and drawn list\n"
        "/publish items — publish the item list\n\n"
        "/status — bot status (message queue, database)\n"
        "/help — help"
    ),
    help_group_member=(
        "Admin commands here are for the group's administrators only.\n"
        "/whoami — who am I\n"
        "/record TASK — a task's record sheet (its team only)\n"
        "/help — help\n\n"
        "If you are an inspector, send /start to the bot in a private chat."
    ),
    cmd_start="start",
    cmd_help="help",
    cmd_status="bot status",
    cmd_whoami="who am I",
    cmd_import="import a register (attach a file)",
    cmd_export="export a register",
    cmd_template="import template",
    cmd_targets="search targets",
    cmd_target="one target",
    cmd_inspectors="the inspectors",
    cmd_items="the inspection items",
    cmd_draw="random draw",
    cmd_record="record sheet of a task",
    cmd_cancel_draw="cancel a draw (with a reason)",
    cmd_invite="invite link for an inspector",
    cmd_unbind="unbind an account",
    status=(
        "<b>Status</b>\n"
        "Version: {version}\n"
        "Database: {database}\n"
        "Time zone: {timezone} (now {now})\n\n"
        "<b>Message queue</b>\n"
        "Pending: {pending}\n"
        "Sending: {sending}\n"
        "Sent: {sent}\n"
        "Undeliverable: {undeliverable}\n"
        "Refused: {failed}"
    ),
    admin_only="⛔ Only administrators of the admin group may use this command.",
    admin_group_only="⛔ This command works only in the bureau's admin group.",
    error_generic=(
        "⚠️ Sorry, something went wrong while handling that; it was logged and nothing was "
        "changed. Please try again later, or contact an admin if it keeps failing."
    ),
    unreachable_notice=(
        "⚠️ <b>Message undeliverable</b>: {person}\n"
        "They never opened the bot or have blocked it, so further messages will not arrive "
        "either. Ask them to open @{bot_username} in Telegram and send /start."
    ),
    unknown_person="Telegram user {user_id}",
    register_names={
        "targets": "Target directory",
        "items": "Item list",
        "inspectors": "Inspector directory",
        "conflicts": "Conflicts of interest",
    },
    problems={
        "required": "required but empty",
        "too_long": "longer than {limit} characters",
        "uscc_length": "a USCC has 18 characters, this one {length}",
        "uscc_chars": "invalid characters {chars} (I, O, S, V, Z are never used)",
        "uscc_check": "wrong check character (GB 32100-2015 gives {expected})",
        "bad_date": "unrecognised date \u201c{value}\u201d; write it like 2026-03-01",
        "bad_credit": "\u201c{value}\u201d is not a credit class; use A, B, C or D",
        "bad_category": "\u201c{value}\u201d is not a category; use 一般 or 重点",
        "bad_status": "\u201c{value}\u201d is not a registration status; use one of {allowed}",
        "bad_bool": "\u201c{value}\u201d is not yes/no; use 是 or 否",
        "bad_number": "\u201c{value}\u201d is not a number",
        "out_of_range": "{value} is out of range ({low:g} to {high:g})",
        "bad_phone": "\u201c{value}\u201d is not a valid mobile or landline number",
        "not_spreadsheet": "cannot read the file: it is not an Excel or CSV spreadsheet; send an .xlsx or .csv file",
        "other_register": "this looks like another register's file (its headers match the {register} register); import it with /import {register}",
        "too_many_rows": "more than {limit} rows (Excel's own limit); the file cannot be imported",
        "too_many_columns": "row {row} uses more than {limit} columns; delete the columns the register does not use",
        "line_too_long": "line {row} is longer than {limit} characters; this is not a normal CSV file",
        "too_many_merged": "too many merged cells (at most {ranges} merged ranges covering {cells} cells); unmerge them and try again",
        "merged_too_large": "the merged range {range} reaches beyond what can be imported (at most {rows} rows and {columns} columns); unmerge it and try again",
        "too_many_parts": "the file holds too many parts ({count}, at most {limit}); this is not a normal Excel file",
        "unpacked_too_big": "the file is too big once unpacked ({size} MB, at most {limit} MB)",
        "too_compressed": "{part} in the file is compressed {ratio} times (at most {limit}); the file looks forged and was refused",
        "duplicate": "repeats row {row}",
        "taken": "already used by {name} (certificate {certificate})",
        "no_expiry": "no certificate expiry: this inspector cannot be drawn",
        "expired": "certificate expired on {date}: this inspector cannot be drawn",
        "unknown_inspector": "certificate {value} is not in the inspector directory; import it first",
        "unknown_target": "USCC {value} is not in the target directory; import it first",
        "unknown_columns": "ignored unknown columns: {columns}",
        "unsupported_format": "{ext} files are not supported: send .xlsx or .csv",
        "missing_columns": "required columns missing: {columns}",
        "no_header": "no header row found; use the template's column names (/template {register})",
        "unreadable": "cannot read the file ({reason}); it may be damaged or of another format",
        "constraint": "conflicts with existing data (a unique key); check staff numbers",
        "example_row": "this is the template's example row; delete it before importing",
        "empty": "the file has no data rows",
        "short_row": "only {cells} of the header's {columns} columns (is the file cut short?); the rest imported as empty",
    },
    issue_row="row {row}: {reason}",
    issue_cell="row {row}, \u201c{column}\u201d: {reason}",
    issue_error="error",
    issue_warning="warning",
    issues_csv_header="kind,row,column,problem",
    issues_file_caption="All problems (opens in Excel)",
    import_usage=(
        "Usage: send an Excel/CSV file with <code>/import REGISTER</code> as its caption, or "
        "reply <code>/import REGISTER</code> to a file.\n"
        "Registers: targets, items, inspectors, conflicts; the annual plan: plan.\n"
        "Empty template: /template REGISTER"
    ),
    import_working="⏳ Importing the {register}: {file} …",
    import_too_big=(
        "The file is {size} MB, over the 20 MB a bot may download. Split it, or have it "
        "imported on the server with <code>python -m bot import {register} FILE</code>."
    ),
    import_ok=(
        "✅ {register} imported ({rows} rows)\n"
        "added {added}, updated {updated}, reactivated {reactivated}, unchanged {unchanged}, "
        "deactivated {deactivated}"
    ),
    import_failed="❌ {register}: import failed, <b>nothing was imported</b>. {count} errors:",
    import_more="… and {more} more; the attached file lists them all.",
    import_warnings="⚠️ {count} warnings:",
    export_caption="{register}: {count} rows ({time}). Edit and send back with /import {name}.",
    template_caption="{register} template: columns with * are required; delete the example row.",
    register_usage=(
        "Name a register: targets, items, inspectors or conflicts. "
        "For example: <code>{command} targets</code>"
    ),
    targets_header="<b>Targets</b>{query}: {total}, page {page}/{pages}",
    targets_query=" (\u201c{query}\u201d)",
    targets_none="No target matches \u201c{query}\u201d.",
    target_line="{n}. {name}{flags}\n    <code>{uscc}</code> · {region} · credit {credit}",
    target_card=(
        "<b>{name}</b>{flags}\n"
        "USCC: <code>{uscc}</code>\n"
        "Entity type: {entity_type}\n"
        "Region: {region}\n"
        "Industry: {industry}\n"
        "Address: {address}\n"
        "Legal representative: {legal_representative}\n"
        "Phone: {phone}\n"
        "Registered by: {registration_authority}\n"
        "Status: {registration_status}\n"
        "Established: {established_on}\n"
        "Credit class: {credit}\n"
        "Last inspected: {last_inspected_on}\n\n"
        "<b>Inspections</b>\n{history}"
    ),
    target_usage="Usage: <code>/target USCC</code>",
    target_not_found="No target with USCC {uscc} in the directory.",
    history_none="None yet.",
    flag_blacklisted=" 🚫blacklisted",
    flag_abnormal=" ⚠️abnormal",
    flag_inactive=" (inactive)",
    page_prev="« previous",
    page_next="next »",
    inspectors_header="<b>Inspectors</b>: {total}, {eligible} can be drawn",
    inspector_line=(
        "{n}. {name} ({department}) certificate {certificate}, valid until {expires}\n"
        "    {eligibility} · {bound}"
    ),
    item_categories={"general": "general", "key": "key"},
    items_header="<b>Inspection items</b>: {total}",
    item_line="{n}. <code>{code}</code> {name} ({category})\n    basis: {basis}",
    register_empty="The {register} is empty. Import it with /import {name}; template: /template {name}",
    none_value="—",
    eligible="✅ can be drawn",
    not_eligible_expired="⛔ certificate expired",
    not_eligible_no_expiry="⛔ no certificate expiry on record",
    not_eligible_inactive="⛔ inactive",
    bound_yes="Telegram bound",
    bound_no="Telegram not bound",
    invite_usage="Usage: <code>/invite CERTIFICATE</code>",
    invite_unknown="No inspector with certificate {certificate} in the directory.",
    invite_inactive="{name} is inactive; no invite link can be made.",
    invite_created=(
        "🔗 One-time link for <b>{name}</b> (certificate {certificate}), valid {days} days, "
        "usable once:\n{link}\nSend it to them only, through an internal channel."
    ),
    invite_rebind_note=(
        "\nNote: {name} is bound to another Telegram account; this link rebinds, and the "
        "old account is told."
    ),
    bind_ok="✅ Bound! Hello, {name}: your Telegram account is linked to the inspector directory.\n{status}",
    bind_used="This invite link was used already. Ask an admin for a new one.",
    bind_expired="This invite link has expired. Ask an admin for a new one.",
    bind_invalid="This invite link is not valid. Check it is complete, or ask an admin.",
    bind_already="Your account is bound to inspector {name}. Ask an admin to change it.",
    bind_notice_admin="🔗 {name} (certificate {certificate}) bound Telegram account {account} by {method}.",
    bind_methods={"invite": "invite link", "phone": "phone number"},
    share_phone_button="📱 Share my phone number",
    share_phone_hint="Or tap the button below to share your phone number; it must match the directory.",
    phone_not_own="Only your own number counts: use the \u201cShare my phone number\u201d button.",
    phone_no_match="The number {phone} is not in the inspector directory. Ask an admin to check it, or for an invite link.",
    phone_taken="The inspector with this number is bound to another account. Ask an admin.",
    whoami_inspector=(
        "<b>Who am I</b> (Telegram ID {user_id})\n"
        "Bound to inspector: <b>{name}</b>\n"
        "Department: {department}\n"
        "Certificate: {certificate}\n"
        "Valid until: {expires}\n"
        "Draw eligibility: {eligibility}"
    ),
    whoami_stranger=(
        "<b>Who am I</b> (Telegram ID {user_id})\n"
        "Not bound to an inspector. If you are one of the bureau's inspectors, ask an admin "
        "for an invite link."
    ),
    whoami_admin="Admin group: you are an administrator and may use the admin commands.",
    whoami_member="Admin group: you are not an administrator.",
    unbind_usage="Usage: <code>/unbind CERTIFICATE</code>",
    unbind_done=(
        "Unbound {name} (certificate {certificate}) from Telegram account {account}; they were "
        "told.\nTheir phone number no longer binds by itself; /invite makes a new link."
    ),
    unbind_not_bound="{name} has no Telegram account bound.",
    unbound_notice="An admin unbound your Telegram account from inspector {name}.",
    unknown_message="I did not understand that. Send /help for the commands.",
    button_unknown="This button is no longer valid; please send the command again.",
    # --- draws ---
    draw_unknown_item="The item list has no (active) item {code}.",
    draw_too_few_inspectors="Only {eligible} inspectors may be drawn (active, certificate valid through the window), fewer than {size} per team; nothing was drawn.",
    draw_department_missing="No inspector who may be drawn belongs to {departments}, which the joint check needs; nothing was drawn.",
    draw_one_department="All inspectors who may be drawn are in one department: no cross-department team is possible; nothing was drawn.",
    draw_unknown="There is no draw {code}.",
    no_team_reasons={
        "too_few": "too few eligible inspectors (conflicts, load or certificate validity)",
        "cross_department": "all eligible inspectors are in one department",
        "department": "a department the joint check needs has no eligible inspector",
        "expertise": "nobody has the required expertise",
        "repeat_pair": "only the same pair as last time would fit",
        "search_limit": "the rules are too intricate to find a team in reasonable time",
        "": "unknown",
    },
    # --- field: tasks and check-in ---
    cmd_tasks="My inspection tasks",
    tasks_none="You have no inspection tasks.",
    tasks_title="<b>My inspection tasks</b> ({count} in all). Tap a button to open its card.",
    tasks_page="page {page}/{pages}",
    tasks_group_header="<b>{group}</b> ({count})",
    tasks_line="{n}. {target} ({code} no. {number}) due {due}",
    tasks_button="{group} | {target} | due {due}",
    tasks_no_due="not set",
    task_groups={
        "to_accept": "To accept",
        "to_do": "To do",
        "waiting": "Waiting for the team",
        "returned": "Returned",
        "done": "Done",
    },
    task_card_due="Due: {due}",
    task_card_methods="Check method: {methods}",
    task_card_basis_header="<b>Content and legal basis</b>",
    task_card_basis_line="• {name}\n  Content: {content}\n  Basis: {basis}",
    task_card_progress_header="<b>Progress</b>",
    task_card_state="State: {state}",
    task_card_accepted_yes="Accepted: ✅ yes",
    task_card_accepted_no="Accepted: not yet",
    task_card_checkin_none="Check-in: none yet",
    task_card_checkin="Check-in: ✅ {name} {time}, {distance}",
    task_card_evidence="Evidence: {counts}",
    task_card_evidence_none="Evidence: none yet",
    task_evidence_kinds={
        "photo": "photos",
        "video": "videos",
        "document": "files",
        "location": "locations",
    },
    task_card_current="📌 This is your current task: locations and files you send go to it.",
    task_card_closed="This task is no longer yours (recused, replaced or cancelled).",
    button_start_task="Start inspection",
    button_checkin="📍 Check in",
    task_started=(
        "📌 Inspection started: <b>{target}</b> ({code} no. {number}); this is your current task.\n"
        "Locations, photos and files you send from now on go to it. On site, tap "
        '"📍 Check in (send location)" below.'
    ),
    task_not_accepted="Accept this task first, then start the inspection.",
    task_closed="This task is finished or no longer yours; the button does nothing.",
    checkin_button="📍 Check in (send location)",
    checkin_hint='On site, tap "📍 Check in (send location)" below to check in: <b>{target}</b>.',
    checkin_done=(
        "✅ Checked in: <b>{target}</b> ({code} no. {number})\n"
        "Location: {latitude}, {longitude} ({accuracy})\nTime: {time}\n{distance}"
    ),
    checkin_accuracy="accuracy about {meters} m",
    checkin_accuracy_unknown="accuracy unknown",
    checkin_distance="About {meters} m from the target.",
    checkin_distance_unknown="The target has no coordinates on record; no distance.",
    checkin_flag_far="⚠️ More than {limit} m from the target: flagged for review.",
    checkin_flag_inaccurate="⚠️ Accuracy worse than {limit} m: flagged; try again in the open.",
    checkin_forwarded='A forwarded location is no check-in; nothing was recorded. Tap "📍 Check in (send location)" to send where you are.',
    checkin_old='This location was not sent just now; it is no check-in and was not recorded. Tap "📍 Check in (send location)" again.',
    checkin_private_only="Check-ins work only in the private chat with the bot; locations sent in groups are not recorded.",
    tasks_private_only="Send /tasks in the private chat with the bot to see your tasks.",
    checkin_no_task="You have no open inspection task; the location was not recorded. Send /tasks to see your tasks.",
    checkin_task_button="{target} ({code} no. {number})",
    checkin_choose='Which task is this check-in for? (Or tap "Start inspection" on a task card to set your current task.)',
    # --- deadlines ---
    due_today="{due} (due today)",
    due_left="{due} ({days} working days left)",
    due_overdue_days="{due} (overdue by {days} working days)",
    due_overdue="{due} (overdue)",
    due_estimated=" (estimated: that year's holidays are not imported)",
    task_status_names={
        "assigned": "not started",
        "in_progress": "in progress",
        "submitted": "result awaiting the team",
        "confirmed": "result awaiting review",
        "reviewed": "reviewed, awaiting publication",
        "published": "published",
        "cancelled": "cancelled",
    },
    cmd_task="One inspection task: progress, deadlines and reminders",
    task_overview_usage="Usage: /task TASK-CODE, e.g. /task 双随机〔2026〕第001号-003 (codes are on the drawn list and the record sheet).",
    task_overview="<b>Task {code}</b>\nTarget: {target} ({uscc})\nStatus: {status}\nTeam: {team}",
    task_overview_leader="{name} (leader)",
    task_overview_window="Check due: {due}",
    task_overview_result="Result: {status}",
    task_overview_checked="Checked on: {day}",
    task_overview_publish="Publication due: {due}",
    task_overview_published="The result is published.",
    task_overview_follow_up="Correction due: {due}",
    task_schedule_header="\n<b>Reminders</b>",
    task_schedule_none="No reminders.",
    task_schedule_line="{time} {kind} → {to} ({state})",
    task_schedule_group="admin group",
    task_schedule_states={"pending": "pending", "sent": "sent", "cancelled": "cancelled"},
    task_schedule_more="{count} more not shown.",
    # --- field: evidence ---
    evidence_kind_photo="photos",
    evidence_kind_video="videos",
    evidence_kind_document="documents",
    evidence_kind_voice="voice notes",
    evidence_kind_location="locations",
    evidence_kinds_separator=", ",
    evidence_stored="✅ Received ({kind}), stored for the task “{target}”.\nSHA-256: <code>{sha}…</code>",
    evidence_album="✅ Received {count} files: {kinds}",
    evidence_album_task="Stored for the task “{target}”.",
    evidence_exif_time="📷 Taken (EXIF): {time}",
    evidence_exif_place="📍 Taken at (EXIF): {latitude}, {longitude}",
    evidence_duplicate="This file was received before (evidence #{number}, {time}); it is not stored twice.",
    evidence_too_big="⚠️ The file “{name}” (about {size} MB) is over the Telegram Bot API's 20 MB download limit; the bot cannot get it. The evidence is recorded (status: too big); please compress or split it and send it again.\nTo receive large files, an admin can run a self-hosted Bot API server (telegram-bot-api) and point the TELEGRAM_API_URL setting at it.",
    evidence_failed="⚠️ The file “{name}” could not be downloaded ({attempts} attempts); it is recorded but its content is not stored. Please send it again later.",
    evidence_tip="💡 Tip: send photos “as file” (uncompressed) to keep the time and place they were taken (EXIF).",
    evidence_kept_pending="The file is kept but not yet on a task.",
    evidence_which_task="Which task does it belong to? Choose one:",
    evidence_no_task="You have no open inspection task. The file is not lost; ask an admin to file it once you have a task.",
    evidence_assigned="✅ {count} file(s) filed under the task “{target}”.",
    evidence_assign_stale="These files are already on a task, or gone.",
    evidence_task_not_open="That task is no longer one of your open tasks.",
    evidence_not_inspector="Only bound inspectors can send evidence; the file was not kept. Bind your account first with the invite link from an admin.",
    evidence_fetch_button="📂 All evidence of this task",
    evidence_fetch_none="The task “{target}” has no stored evidence yet.",
    evidence_fetch_header="Evidence of the task “{target}”: {count}",
    evidence_fetch_more="(only the first {shown} are sent)",
    evidence_fetch_forbidden="Only the task's team members and admins may see its evidence.",
    evidence_file_caption="Evidence #{number} · {kind} · {time}\nSHA-256: <code>{sha}</code>",
    # --- field: findings and review ---
    cmd_result="enter inspection results",
    cmd_correct="correct an approved result",
    help_results=(
        "/result — enter inspection results (methods, result codes, findings, follow-up, "
        "remarks); you can stop and continue later\n"
        "/correct — correct an approved result (with a reason; the old one is kept)"
    ),
    result_code_names={
        "1": "No problem found",
        "A": "Problem found, follow-up pending",
        "2": "Violates business administration rules",
        "B": "Did not publish required information",
        "C": "Published information concealed or false",
        "6": "Unreachable at the registered address",
        "D": "Other business administration violations",
        "3": "Violates food and drug rules",
        "4": "Violates quality supervision rules",
        "5": "Violates other departments' rules",
        "E": "Problem found, corrected on order",
        "F": "No business activity in the scope of this check",
        "7": "Closed or in liquidation",
        "8": "Seriously uncooperative",
        "9": "Deregistered",
        "10": "Licence revoked",
        "11": "Registration cancelled",
        "12": "Moved away",
    },
    result_method_names={
        "site": "On-site check",
        "docs": "Document check",
        "authority": "Other authorities' findings or expert opinion",
        "testing": "Testing",
        "online": "Online monitoring",
        "experts": "Assisted by a professional body",
    },
    result_follow_up_names={
        "none": "No follow-up needed",
        "order": "Order to correct",
        "transfer": "Case clues transferred",
        "notify": "Other department notified",
        "daily": "Handed to daily supervision",
    },
    result_consequence_names={"abnormal": "put on the abnormal operations list"},
    result_status_names={
        "submitted": "awaiting the team",
        "returned": "returned",
        "confirmed": "awaiting review",
        "approved": "approved",
        "superseded": "superseded",
    },
    result_problems={
        "no_code": "Choose at least one result code.",
        "no_problem_with_others": "\u201cNo problem found\u201d cannot go with other codes.",
        "no_sub_item": "\u201cProblem found\u201d and \u201cbusiness administration rules\u201d "
        "need a sub-item.",
        "no_findings": "A problem was found: describe the findings.",
        "no_method": "Choose at least one check method.",
        "no_follow_up": "Choose the follow-up.",
        "no_due_date": "An order to correct needs its time limit.",
    },
    result_task_line="{code} no. {number}: <b>{target}</b>",
    result_form_title="📝 <b>Inspection results</b>",
    result_correction_line="Correction reason: {reason}",
    result_summary=(
        "Methods: {methods}\nResults: {codes}\nFindings: {findings}\nFollow-up: {follow_up}\n"
        "Remarks: {remarks}"
    ),
    result_follow_up_due="{name} (by {date})",
    result_step_methods="① Choose the check methods (several allowed), then tap \u201cNext\u201d.",
    result_step_codes=(
        "② Choose the results (several allowed; \u201cNo problem found\u201d excludes the "
        "others), then tap \u201cNext\u201d."
    ),
    result_step_findings="③ Send the findings as a message (required when a problem was found).",
    result_step_follow_up="④ Choose the follow-up.",
    result_step_due="Send the time limit of the order to correct (a date, e.g. 2026-12-20).",
    result_step_remarks="⑤ Send remarks, or tap \u201cSkip\u201d.",
    result_step_summary="Check the above; change any part, then tap \u201cSubmit\u201d.",
    result_step_reason="Send the reason for the correction (the old result is kept).",
    button_result_next="Next",
    button_result_keep="Keep the findings",
    button_result_skip="Skip",
    button_result_back="Back to summary",
    button_result_later="Continue later",
    button_result_submit="Submit",
    button_result_edit_methods="Change methods",
    button_result_edit_codes="Change results",
    button_result_edit_findings="Change findings",
    button_result_edit_follow_up="Change follow-up",
    button_result_edit_remarks="Change remarks",
    button_result_open="Enter results",
    button_result_continue="Continue",
    button_result_show="View result",
    button_result_correct="Correct",
    button_result_confirm="Confirm",
    button_result_object="Object",
    button_result_cancel="Cancel",
    button_review_approve="Approve",
    button_review_return="Return",
    button_proposal_apply="Apply",
    button_proposal_dismiss="Dismiss",
    result_left="Saved. Send /result or tap \u201cContinue\u201d on the task card to go on.",
    result_pick_task="Choose the task to enter results for:",
    result_pick_correct="Choose the task whose result to correct:",
    result_no_tasks="You have no task waiting for results.",
    result_nothing_to_correct="None of your tasks has an approved result.",
    result_private_only="Use this command in your private chat with the bot.",
    result_bad_date="Not a date, or before today; send a date like 2026-12-20.",
    result_text_too_long="Too long: at most {limit} characters; please shorten it.",
    result_refused="Cannot submit: {reason}",
    result_submitted="✅ Results submitted (version {number}); waiting for {names} to confirm.",
    result_submitted_alone="✅ Results submitted (version {number}) and sent for review.",
    result_confirm_request=(
        "📋 <b>Please confirm the results</b>\n{task}\nVersion {version} by {submitter}\n"
        "{correction}\n{summary}\nEvidence: {evidence} files"
    ),
    result_confirmed_by_you="✅ You confirmed version {version}.",
    result_confirmed_notice="✅ {name} confirmed the results for {target} (version {version}). {outcome}",
    result_sent_to_review="The whole team confirmed; sent for review.",
    result_object_ask="Send your objection to the results for {target} (version {version}).",
    result_object_cancelled="Cancelled; no objection made.",
    result_objected_done="Objection recorded; the results went back to {name}.",
    result_objected_notice=(
        "⚠️ {name} objects to the results for {target} (version {version}): {reason}\n"
        "Please change and submit again."
    ),
    result_review_card=(
        "🔎 <b>Results to review</b>\n{task} ({uscc})\nTeam: {team}\n"
        "Version {version} by {submitter}, confirmed by the team\n{correction}\n{summary}\n"
        "Evidence: {evidence} files"
    ),
    result_approved_card="{card}\n\n✅ Approved by {admin}.",
    result_note_ask="Reply to this message with the note for returning the results for {target}.",
    result_note_placeholder="Note",
    result_note_done="↩️ Returned the results for {target} (version {version}); the team has the note.",
    result_approved_notice="✅ The results for {target} (version {version}) were approved.",
    result_returned_notice=(
        "↩️ {admin} returned the results for {target} (version {version}): {note}\n"
        "Please change and submit again."
    ),
    result_proposal_card=(
        "📌 <b>Proposed credit consequence</b>\n{target} ({uscc})\nResults: {codes}\n"
        "Proposal: {consequence}"
    ),
    result_proposal_applied="{card}\n\n✅ Applied by {admin}.",
    result_proposal_dismissed="{card}\n\n✖️ Dismissed by {admin}.",
    result_view="📋 <b>Inspection results</b>\n{task}\n\n{summary}\n\n<b>Versions</b>\n{versions}",
    result_version_line="Version {number} · {status} · {at} · {name}{extra}",
    result_version_correction="; correction: {reason}",
    result_version_note="; returned: {note}",
    result_not_member="You are not on this task's team.",
    result_task_closed="This task is cancelled, or its draw is not locked.",
    result_approved_locked=(
        "These results are approved and cannot change; to correct them, send /correct with a "
        "reason."
    ),
    result_not_approved="This task has no approved result to correct.",
    result_not_waiting="This version no longer waits for confirmation.",
    result_own_version="You submitted this version; the other members confirm it.",
    result_already_answered="You already answered this version.",
    result_not_in_review="These results no longer wait for review.",
    result_admin_busy="You have something open in this group (e.g. the draw wizard); finish or cancel it first.",
    result_proposal_done="This proposal was already decided.",
    target_result_line="\n    Result ({date}): {codes}",
    result_no_result="This task has no results yet.",
    # --- draw wizard ---
    exclusion_reasons={
        "gone": "deregistered/revoked",
        "inactive": "inactive",
        "recently_checked": "checked within the interval",
        "already_drawn": "already drawn this year",
    },
    wizard_title="🎲 <b>Random draw</b>",
    wizard_step_items="Step 1 of 5: choose the inspection item(s). Several items make a joint check: every team then includes each item's department.",
    wizard_no_items="The item list is empty. Import it first with /import items.",
    wizard_step_scope="Step 2 of 5: scope. Nothing chosen means the whole directory; narrow it by region and credit class (several allowed). Deregistered, inactive, recently checked and already drawn targets are always excluded.",
    wizard_step_size="Step 3 of 5: how many. The year's plan ratios per class (stratified), a fixed count, or a percentage.",
    wizard_step_team="Step 4 of 5: teams. At least 2 per team; cross-department if asked. The first inspector drawn for a team leads it.",
    wizard_size_plan="Plan ratios",
    wizard_size_count="Fixed count",
    wizard_size_percent="Percentage",
    wizard_size_count_value="{count} targets (shared out by stratum)",
    wizard_size_percent_value="{percent}% of every stratum",
    wizard_size_plan_value="plan ratios: {ratios}",
    wizard_team_size="{size} per team",
    wizard_cross="Cross-department",
    wizard_cross_on="cross-department",
    wizard_cross_off="any department",
    wizard_team_value="Teams: {size} per team, {cross}",
    wizard_next="Next ▶",
    wizard_to_preview="Preview ▶",
    wizard_cancel="Cancel",
    wizard_items_line="Items: {items}",
    wizard_scope_line="Scope: {scope}",
    wizard_scope_all="the whole directory",
    wizard_scope_regions="regions {regions}",
    wizard_scope_classes="credit classes {classes}",
    wizard_size_line="Size: {size}",
    wizard_window_line="Check window: {start} to {end}",
    wizard_ask_count="Reply to this message with the number of targets to draw (e.g. 30).",
    wizard_ask_percent="Reply to this message with the percentage to draw (e.g. 5).",
    wizard_ask_window="Reply to this message with the check's start and end dates, e.g. 2026-12-01 2026-12-31",
    wizard_ask_seed="Reply to this message with the digits the witnesses rolled (at least 6; spaces between groups are fine).",
    wizard_ask_cancel_reason="Reply to this message with the reason for cancelling {code} (it is recorded and announced).",
    wizard_reply_placeholder="Type here",
    wizard_size_invalid="The count must be a whole number from 1 to 1,000,000.",
    wizard_percent_invalid="The percentage must be above 0 and at most 100.",
    wizard_window_format="Two dates were not found. Type the start and end dates like 2026-12-01 2026-12-31.",
    wizard_window_order="The end date may not be before the start or today, and both dates must be in the same year.",
    wizard_pick_item="Choose at least one item.",
    wizard_no_plan="There is no plan for this year. Import one (/template plan, /import plan), or choose a count or percentage.",
    wizard_preview="<b>Preview</b> (nothing random yet)\n{summary}\n{team}\n\nPool: {pool} targets ({pool_strata})\nExcluded: {excluded}\nTo draw: {sample} ({strata})\nInspectors who may be drawn: {inspectors} ({departments})\nExpected tasks each {load}, at most {cap}\nPool SHA-256 digest:\n<code>{digest}</code>",
    wizard_unbound="ℹ️ {count} of them have not opened the bot and get no card until they do: {names}",
    wizard_nothing_to_draw="These settings draw nothing: change the scope or size.",
    wizard_freeze="✅ Confirm and freeze the pool",
    wizard_edit_items="Items",
    wizard_edit_scope="Scope",
    wizard_edit_size="Size",
    wizard_edit_window="Dates",
    wizard_edit_team="Teams",
    wizard_pool_changed="The directory changed since the preview (e.g. an import): check the new preview and confirm again.",
    wizard_step_seed="🔒 Pool frozen: <b>{code}</b>\nDigest <code>{digest}</code> was posted in the group.\n\nNext: the seed. Witnesses roll dice and reply to the prompt with the digits, or the bot takes one from a cryptographic random source. Once applied, the draw is locked and cannot be redrawn with another seed.",
    wizard_crypto_seed="🎲 Bot-generated seed, draw now",
    wizard_cancel_frozen="Cancel this draw",
    wizard_step_seed_confirm="Seed for <b>{code}</b>:\n<code>{seed}</code>\n\nConfirming draws and locks at once; it cannot be changed.",
    wizard_confirm_seed="✅ Confirm the seed and draw",
    wizard_retype_seed="Type again",
    wizard_seed_not_digits="The seed must be digits (groups separated by spaces or commas).",
    wizard_seed_length="The seed needs at least {least} digits and at most {most} characters.",
    wizard_already_locked="Draw {code} is already locked; it cannot be drawn again.",
    wizard_draw_cancelled="Draw {code} was cancelled.",
    wizard_locked="✅ Draw <b>{code}</b> is locked: {sample} targets, seed <code>{seed}</code>. The announcement was posted.",
    wizard_cancelled_frozen="Draw {code} was cancelled; it stays on record.",
    wizard_abandoned="Cancelled; nothing was saved.",
    draw_frozen_notice="🔒 <b>{code}</b>: pool frozen\nItems: {items}\nWindow: {window}\n{pool} targets, SHA-256 digest:\n<code>{digest}</code>\nThe seed comes after this, from witnesses or the bot.",
    draw_teamless_notice="\n⚠️ {count} targets have no team under the rules (first {uscc}: {reason}). Assign one with /assign and a reason, or cancel with /cancel_draw.",
    draw_cancelled_notice="🚫 Draw <b>{code}</b> was cancelled ({tasks} tasks with it); it stays on record.\nReason: {reason}",
    draw_cancel_usage="Usage: /cancel_draw CODE reason",
    draw_cancel_done="Draw {code} cancelled, {tasks} tasks with it.",
    draw_cancel_reason_needed="Give a reason (2 to 300 characters).",
    wizard_argument_bad="Could not read the argument “{argument}”. Usage: /draw items=CODE[,CODE] count=30 or percent=5 or plan, dates=2026-12-01~2026-12-31, team=2, cross, region=…, credit=A,B. Without arguments the wizard asks step by step.",
    wizard_department_short="The joint check needs {department} in every team, but its {people} inspectors can cover at most {reach} of the {sample} targets under the load cap: some targets will get no team and need one assigned by hand.",
    draw_unbound_notice="\nℹ️ {count} inspectors have not opened the bot; they get their cards once they bind: {names}",
    wizard_not_yours="This is another admin's draw wizard. Send /draw to start your own; a frozen draw waiting for its seed can be taken up with /draw resume=CODE.",
    wizard_more_items="(Only the first {shown} items are listed; name others with /draw items=CODE.)",
    # --- statistics ---
    cmd_stats="Statistics: charts and Excel",
    stats_unknown_scope=(
        "No plan or year \u201c{scope}\u201d. Usage: <code>/stats [plan code or year]</code>, "
        "e.g. <code>/stats 2026</code> or <code>/stats PLAN-2026</code>; without it, this year."
    ),
    stats_scope_year="year {year}",
    stats_scope_plan="{code} ({title})",
    stats_empty="{scope}: no locked draw yet, no tasks to count.",
    stats_summary=(
        "📊 <b>Statistics: {scope}</b> ({at})\n"
        "{draws} draws ({cancelled} cancelled), {tasks} tasks, {done} done, "
        "{overdue} overdue\n"
        "Results published: {on_time} on time, {late} late, {unpublished} overdue and "
        "unpublished, {pending} not yet due\n"
        "{inspectors} inspectors; results submitted on time {submitted_on_time}, late "
        "{submitted_late}; {recusals} recusals"
    ),
    stats_estimated=(
        "\n⚠️ Some publication due dates fall in a year whose holidays are not imported: "
        "counted by weekends only (estimated)."
    ),
    stats_coverage_line="\nBy credit class (plan {plan}): {strata}",
    stats_file_caption="Statistics of {scope} (one sheet per table)",
    stats_blank="(empty)",
    stats_sheets={
        "overview": "Overview",
        "status": "Task status",
        "results": "Results",
        "regions": "Regions",
        "industries": "Industries",
        "inspectors": "Inspectors",
        "overdue": "Overdue tasks",
        "publications": "Publication",
        "late_publications": "Late publication",
        "coverage": "Credit class coverage",
    },
    stats_columns={
        "item": "Item",
        "value": "Value",
        "status": "Status",
        "tasks": "Tasks",
        "code": "Result code",
        "result": "Result",
        "region": "Region",
        "industry": "Industry",
        "done": "Done",
        "name": "Name",
        "certificate": "Certificate",
        "department": "Department",
        "load": "Tasks on team",
        "on_time": "Submitted on time",
        "late": "Late or not submitted",
        "rate": "On-time rate (%)",
        "recusals": "Recusals",
        "task": "Task",
        "target": "Target",
        "uscc": "USCC",
        "due_on": "Window ends",
        "checked_on": "Checked on",
        "publish_due_on": "Publish by",
        "published_on": "Published on",
        "kind": "Kind",
        "stratum": "Stratum",
        "planned": "Planned (%)",
        "pool": "In pool",
        "drawn": "Drawn",
        "reached": "Reached (%)",
    },
    stats_overview={
        "scope": "Scope",
        "at": "As of",
        "locked": "Draws (locked)",
        "cancelled": "Draws (cancelled)",
        "tasks": "Tasks",
        "overdue": "Overdue open tasks",
        "ratios_plan": "Plan of the ratios",
        "estimated": "Estimated due dates",
        "yes": "yes",
        "no": "no",
    },
    stats_publication_kinds={
        "on_time": "Published on time",
        "late": "Published late",
        "overdue": "Overdue, not published",
        "pending": "Not published, not yet due",
    },
    stats_charts={
        "status": "Tasks by status",
        "results": "Results (approved)",
        "tasks_axis": "Tasks",
        "no_data": "No data yet",
        "inspectors": "Inspectors: tasks and on-time results",
        "on_time": "On time",
        "late": "Late",
        "open": "Not yet due",
        "rate": "on time {rate}",
        "coverage": "Share drawn by credit class",
        "planned": "Planned",
        "reached": "Drawn",
        "percent_axis": "Percent",
        "regions": "Tasks by region (top {n})",
        "industries": "Tasks by industry (top {n})",
        "done": "Done",
        "not_done": "Not done",
    },
    # --- draw views ---
    cmd_draws="all draws",
    draw_ambiguous="Number {code} names several draws: {codes}. Please type the whole code.",
    draw_status_names={
        "preview": "preview (nothing drawn yet)",
        "locked": "locked",
        "cancelled": "cancelled",
    },
    draw_status_marks={"preview": " ⏳preview", "locked": "", "cancelled": " ❌cancelled"},
    stratum_names={
        "blacklisted": "blacklisted",
        "abnormal": "abnormal list",
        "A": "class A",
        "B": "class B",
        "C": "class C",
        "D": "class D",
        "unclassified": "unclassified",
    },
    draw_list_separator=", ",
    draw_item="<code>{code}</code> {name}",
    draw_window="{start} to {end}",
    draw_stratum_line="· {stratum}: {pool} in the pool, {sample} drawn",
    draw_team_rules="{size} per team",
    draw_cross_department=", across departments",
    draw_announcement=(
        "📢 <b>Double-random draw: the result</b>\n"
        "Code: <b>{code}</b>\n"
        "Items: {items}\n"
        "Check window: {window}\n"
        "Pool: {pool} targets\n{strata}\n"
        "{sample} targets drawn, each with a team drawn at random ({team}).\n\n"
        "Pool digest (SHA-256): <code>{digest}</code>\n"
        "Seed: <code>{seed}</code>\n\n"
        "<b>How to re-check</b>: an admin exports the public record with "
        "<code>python -m bot export draw {code} record.json</code>; anyone runs "
        "<code>python -m bot verify record.json</code>, which re-derives targets and teams "
        "without the database and prints verified when they agree."
    ),
    draw_summary=(
        "<b>{code}</b>{mark}\n"
        "Status: {status}\n"
        "Items: {items}\n"
        "Check window: {window}\n"
        "Annual plan: {plan}\n"
        "Teams: {team}\n"
        "Pool: {pool} targets\n{strata}\n"
        "Pool digest: <code>{digest}</code>\n"
        "Seed: <code>{seed}</code>\n"
        "Drawn: {tasks} targets, {teamless} of them without a team; {recusals} recusals\n"
        "Created: {created}; locked: {locked}{cancelled}"
    ),
    draw_cancelled="\n❌ <b>Cancelled</b>: {at} (by Telegram ID {by})\nReason: {reason}",
    drawn_header="<b>{code}</b>{mark} drawn list: {total}, page {page}/{pages}",
    drawn_line="{n}. {name}\n    <code>{uscc}</code> · {region} · {stratum}\n    Team: {team}",
    drawn_leader="{name} (leader)",
    drawn_member="{name}",
    drawn_off_team={"recused": "<s>{name}</s> (recused)", "replaced": "<s>{name}</s> (replaced)"},
    drawn_no_team="⚠️ no team yet, an admin assigns one",
    drawn_empty="{code} has no drawn list yet (nothing drawn).",
    drawn_task_status={
        "assigned": "assigned",
        "in_progress": "in progress",
        "submitted": "findings submitted",
        "confirmed": "confirmed",
        "reviewed": "reviewed",
        "published": "published",
        "cancelled": "cancelled",
    },
    draws_header="<b>Draws</b>: {total}, page {page}/{pages} (newest first)",
    draws_none="No draws yet.",
    draws_line="{n}. <b>{code}</b>{mark}\n    {items} · {window} · {count} drawn",
    button_drawn_list="📋 List",
    button_export_xlsx="📥 Export XLSX",
    button_summary="↩ Summary",
    draw_export_caption="{code} drawn list: {count} targets.",
    target_draw_line="· <b>{code}</b>{mark} · {window}\n    Team: {team}",
    drawn_xlsx_sheet="Drawn list",
    drawn_xlsx_headers={
        "number": "No.",
        "name": "Target",
        "uscc": "USCC",
        "region": "Region",
        "industry": "Industry",
        "stratum": "Stratum",
        "team": "Team",
        "leader": "Leader",
        "status": "Status",
    },
    drawn_xlsx_member="{name} ({certificate})",
    drawn_xlsx_off_team={"recused": " [recused]", "replaced": " [replaced]"},
    drawn_xlsx_no_team="no team",
    drawn_xlsx_footer="Draw: {code}; status: {status}",
    # --- publication ---
    cmd_publish="publish results, a draw or the item list",
    publish_results_title="{bureau} random inspection results notice no. {number} of {year}",
    publish_results_prefix="results",
    publish_results_headers={
        "task": "Task",
        "target": "Target",
        "uscc": "USCC",
        "completed": "Completed on",
        "result": "Result",
        "remarks": "Remarks",
    },
    publish_draw_title="{bureau} random inspection task notice ({code})",
    publish_draw_prefix="draw",
    publish_draw_facts={
        "plan": "Plan",
        "task": "Task",
        "items": "Items",
        "scope": "Scope",
        "window": "Check window",
        "body": "Inspecting body",
        "count": "Targets drawn",
    },
    publish_draw_headers={
        "number": "No.",
        "target": "Target",
        "uscc": "USCC",
        "authority": "Registration authority",
    },
    publish_items_title="{bureau} random inspection item list {year}",
    publish_items_prefix="items",
    publish_items_headers={
        "number": "No.",
        "code": "Code",
        "item": "Item",
        "category": "Category",
        "basis": "Legal basis",
        "enforcing": "Enforcing body",
        "inspecting": "Inspecting body",
        "targets": "Targets",
        "content": "Content",
        "methods": "Methods",
        "frequency": "Frequency",
    },
    publish_item_categories={"general": "general", "key": "key"},
    publish_footer_date="Published on {date}",
    publish_sheet="Notice",
    publish_none="none",
    publish_result_separator="; ",
    publish_usage=(
        "Usage:\n/publish — publish approved results (with a preview first)\n"
        "/publish draw CODE — publish a draw's task and drawn list\n/publish items — publish the item list"
    ),
    publish_preview=(
        "📢 <b>Results waiting for publication</b>\n{count} approved, not yet published (due {days} working days after the check).\n"
        "Earliest due date: {earliest}\n\n{late}\n\nConfirm to write the results notice (Excel, CSV, web page) to the public folder and send it here."
    ),
    publish_preview_earliest="{due} ({code})",
    publish_preview_late_header="⚠️ <b>Late ({count})</b>:",
    publish_preview_late_line="• {code}  {target}  due {due}",
    publish_preview_more="… and {count} more",
    publish_preview_none_late="None is late.",
    publish_estimated=" (estimated)",
    publish_nothing="Nothing to publish: every approved result has been published.",
    button_publish_confirm="Publish",
    button_publish_cancel="Cancel",
    publish_cancelled="Cancelled; nothing was published.",
    publish_stale="What is waiting has changed (or was published already); send /publish again.",
    publish_done="✅ Published: {title}\n{count} entries; the files are in the public folder and follow here.",
    publish_caption="{title}",
    publish_draw_not_locked="Only a locked draw can be published; {code} is {status}.",
    publish_draw_already="{code} was published on {date}: {title}",
    publish_items_empty="The item list is empty: nothing to publish.",
    # --- assignments and recusal ---
    cmd_recuse="recuse a team member and replace them",
    cmd_assign="assign a team by hand to a target without one",
    card_title="📋 <b>Inspection task</b> {code} no. {number}",
    card_target="<b>Target</b>: {name}\nUSCC: <code>{uscc}</code>\nAddress: {address}\nLegal representative: {legal}\nPhone: {phone}",
    card_items_header="<b>Items</b>",
    card_item_line="• {name}: {content}",
    card_window="<b>Check window</b>: {start} to {end}",
    card_team_header="<b>Team</b>",
    card_team_line="• {name}{leader}  {phone}{accepted}",
    card_leader_mark=" (team leader)",
    card_accepted_mark="  ✅ accepted",
    card_no_team="(none yet: an admin will assign one)",
    card_replacement_note="🔁 You replace a team member who recused.",
    card_manual_note="👥 This team was assigned by an admin.",
    card_pending="Tap “Accept” to confirm the task; if you have a conflict of interest with the target, tap “Recuse” and give the reason.",
    card_accepted="✅ You accepted this task on {time}.",
    card_recused="🚫 You recused yourself from this task (reason: {reason}).",
    card_left="This task is no longer yours.",
    button_accept="Accept",
    button_recuse="Recuse",
    button_recuse_cancel="Cancel",
    card_not_yours="This card is not yours; only its owner can use it.",
    card_closed="You are no longer on this task (recused or replaced); the button does nothing.",
    card_accept_ok="Task accepted.",
    card_already_accepted="You have already accepted this task.",
    recuse_ask="Send the reason for your recusal (at most {limit} characters), e.g. your relation to the target.\nTarget: {target}",
    recuse_cancelled="Recusal cancelled; the task is unchanged.",
    recuse_reason_too_long="The reason may have at most {limit} characters; please send a shorter one.",
    recuse_reason_empty="Please write the reason as text, or tap “Cancel”.",
    recuse_done="Recusal recorded: {target}. {outcome}",
    recuse_outcome_replaced="{name} replaces you.",
    recuse_outcome_waiting="Nobody fits the rules as a replacement; an admin will assign one.",
    recuse_by_self="at their own request",
    recuse_by_admin="recorded by admin {admin}",
    notice_recused="🔁 <b>Recusal</b> {code} no. {number}\nTarget: {target} (<code>{uscc}</code>)\n{name} ({certificate}) recused, {by}. Reason: {reason}\n{outcome}",
    notice_replaced="Replacement by the rules: {name} ({certificate}).",
    notice_no_replacement="⚠️ Nobody fits the rules as a replacement. Assign a team with /assign {code} {uscc} CERT1,CERT2 reason.",
    notice_team_changed="👥 Team change: {code} no. {number} {target}\n{name} recused. {outcome}",
    notice_assigned="👥 <b>Team assigned by hand</b> {code} no. {number}\nTarget: {target} (<code>{uscc}</code>)\nTeam: {team}\nReason: {reason} (admin {admin})",
    notice_unbound="Not bound to Telegram, so no card yet: {names} (sent once they bind).",
    recuse_usage="Usage: /recuse DRAW-CODE USCC CERTIFICATE reason",
    assign_usage="Usage: /assign DRAW-CODE USCC CERT1,CERT2[,…] reason (the first one leads)",
    assignment_draw_unknown="There is no locked draw {code}.",
    assignment_not_drawn="Draw {code} has no target with USCC {uscc}.",
    assignment_not_member="Certificate {certificate} is not a current member of that team.",
    assign_has_team="That target has its team ({team}); to change it, record a recusal with /recuse first.",
    assign_too_few="A team needs at least 2 different inspectors.",
    assign_unknown_inspector="No inspector has certificate {certificate}.",
    assign_inactive="{name} ({certificate}) is deactivated and cannot be assigned.",
    assign_expired="{name} ({certificate}) has no certificate valid through the end of the window ({end}) and cannot be assigned.",
    assign_conflict="{name} ({certificate}) has a conflict of interest with the target and cannot be assigned.",
    assign_recused_before="{name} ({certificate}) recused from this task and cannot be assigned again.",
    assignment_reason_required="Please give the reason.",
    assignment_reason_too_long="The reason may have at most {limit} characters.",
    # --- reminders ---
    cmd_reminders="Reminders coming up",
    reminders_private_only="Send /reminders in your private chat with the bot to see your reminders.",
    reminder_due_soon=(
        "⏰ <b>Deadline reminder</b>\n{target} ({code})\n"
        "The check window ends {due}{estimated}: <b>{days}</b> working days left. "
        "Please check and submit the result in time (/result)."
    ),
    reminder_due_today=(
        "⏰ <b>Today is the last day of the check window</b>\n{target} ({code})\n"
        "Deadline {due}{estimated}. Please finish and submit the result today (/result)."
    ),
    reminder_overdue=(
        "🔴 <b>Inspection overdue</b>\n{target} ({code})\n"
        "The window ended {due}{estimated}: <b>{days}</b> working days overdue. "
        "Please submit the result as soon as possible (/result)."
    ),
    reminder_follow_up=(
        "⏰ <b>Rectification deadline</b>\n{target} ({code})\n"
        "Rectification due {due}{estimated}: <b>{days}</b> working days left; a re-check follows."
    ),
    reminder_follow_up_today=(
        "⏰ <b>Rectification due today</b>\n{target} ({code})\n"
        "Due {due}{estimated}: please arrange the re-check."
    ),
    reminder_estimated=" (estimated)",
    reminder_button_open="Open task",
    reminder_button_snooze_short="Remind me in 2 hours",
    reminder_button_snooze_tomorrow="Remind me tomorrow {time}",
    reminder_snoozed="OK, I will remind you at {time}.",
    reminder_snooze_already="This reminder was moved to {time}.",
    reminder_snooze_gone="This reminder is no longer needed (the task is done or cancelled).",
    reminder_snooze_not_yours="This reminder was not sent to you.",
    digest_title="📋 <b>Daily digest</b> {day}",
    digest_overdue_header="<b>Overdue, no result submitted</b> ({count})",
    digest_overdue_line="• {target} ({code}) due {due}, {days} working days overdue",
    digest_publish_header="<b>Publication due soon</b> ({count})",
    digest_publish_line="• {target} ({code}) to publish by {due}{estimated}, {days} working days left",
    digest_late_header="<b>Publication late</b> ({count})",
    digest_late_line="• {target} ({code}) was due {due}{estimated}, {days} working days late",
    digest_more="…and {count} more",
    reminders_none="No reminders are coming up for you.",
    reminders_title="<b>Reminders coming up</b> ({count})",
    reminders_task_header="<b>{target}</b> ({code})",
    reminders_line="• {time} {kind}",
    reminder_kinds={
        "due_soon": "window ends soon",
        "due_today": "last day of the window",
        "overdue": "overdue",
        "follow_up": "rectification deadline",
        "digest": "daily digest",
    },
    # --- audit ---
    digest_audit_head="Audit chain head: <code>{head}…</code> ({count} entries)",
    # --- field: record sheet ---
    record_sheet_labels={
        "sheet": "Record",
        "title": " spot-check record sheet",
        "task": "Task",
        "draw": "Draw",
        "target": "Target",
        "uscc": "USCC",
        "address": "Address",
        "legal_representative": "Legal representative",
        "phone": "Phone",
        "items": "Items",
        "window": "Check window",
        "check_date": "Check date",
        "team": "Inspectors",
        "leader": " (leader)",
        "checkin": "Check-in",
        "methods": "Methods",
        "results": "Results",
        "findings": "Findings",
        "follow_up": "Follow-up",
        "remarks": "Remarks",
        "version": "Result version",
        "evidence": "Evidence ({count} items; SHA-256 to compare with the originals)",
        "evidence_kind": "Kind",
        "evidence_name": "File",
        "evidence_sent": "Time / sent by",
        "evidence_sha256": "SHA-256",
        "evidence_none": "none",
        "sign_inspectors": "Inspectors' signatures",
        "sign_target": "Target's signature (seal)",
        "sign_date": "Date",
        "footer": "Made by SpotCheck at {at}; sign after checking it against the system's record.",
    },
    record_no_result="no result submitted yet",
    record_version="version {number}, {status}",
    record_unknown_task="There is no such task.",
    record_not_yours="Only the task's team or an admin may get its record sheet.",
    record_file_prefix="record-sheet",
    record_window="{start} to {end}",
    record_distance=", {metres} m from the target",
    record_accuracy=" (accuracy {metres} m)",
    record_checkin="{at} {name}, {latitude}, {longitude}{distance}{accuracy}",
    record_export_not_empty="The folder {folder} is not empty: name a new or empty one.",
    record_caption="📄 {code} record sheet: print it; the inspectors and the target sign it.",
    record_usage="Press 📄 Record sheet on a task card, or send /tasks to open a task.",
    button_record="📄 Record sheet",
    record_file_problems={
        "missing": "Evidence file #{id} is missing from MEDIA_DIR: nothing exported.",
        "changed": "Evidence file #{id} no longer matches its SHA-256 (it was changed): nothing exported.",
    },
    # --- calendar register ---
    cmd_holidays="Working-day calendar: days off and make-up days",
    holidays_sources={
        "register": "imported by the bureau",
        "package": "built-in calendar (the chinese-calendar package)",
        "weekends": "estimated (no arrangement for that year yet: weekends only)",
    },
    holidays_weekdays={
        "0": "Monday",
        "1": "Tuesday",
        "2": "Wednesday",
        "3": "Thursday",
        "4": "Friday",
        "5": "Saturday",
        "6": "Sunday",
    },
    holidays_problems={
        "bad_date": "unreadable date “{value}”: write 2027-02-15, 2-15 or 2月15日, and join a range with ~ or 至",
        "no_such_day": "“{value}”: there is no such day",
        "bad_range": "range “{value}” is wrong: it must end after it starts and last at most {limit} days",
        "outside_year": "“{value}” is not in {year}",
        "makeup_weekday": "{value} is a {weekday}: a make-up working day must be a Saturday or Sunday",
        "conflict": "{value} is given both as a day off and as a working day",
        "no_kind": "“{value}” needs 放假 (off) or 上班 (work) before it",
        "name_without_dates": "the name “{value}” has no dates after it",
        "name_too_long": "the name “{value}” is longer than {limit} characters",
        "empty": "no dates at all: give the days off and the make-up working days (see /holidays)",
        "missing_date": "“日期” (date) is empty",
        "bad_kind": "“类型” (type) must be 放假 or 上班, not “{value}”",
        "no_header": "no header row: the file needs the columns 日期 and 类型 (and optionally 名称)",
        "no_year": "which year is it? Write full dates such as 2027-02-15, or /holidays 2027 as the caption",
        "mixed_years": "the dates are in {year} and in {other}: one file is one year's arrangement",
        "file_too_big": "the file is over {limit} KB: this is not a holiday arrangement",
        "too_many_rows": "more than {limit} rows: this is not a holiday arrangement",
    },
    holidays_usage=(
        "<b>Working-day calendar</b> (days off and make-up days)\n"
        "/holidays — where this year's and next year's calendar comes from\n"
        "/holidays 2027 — 2027's days off and make-up working days\n"
        "/holidays 2027 放假 … 上班 … — import 2027's arrangement, e.g.\n"
        "<code>/holidays 2027 放假 元旦 1-1 春节 2-15~2-21 上班 2-14 2-27</code>\n"
        "• dates: 2027-02-15, 2-15 or 2月15日;\n"
        "• a run of days joins two dates with ~ or 至: 2-15~2-21, 2月15日至21日 (“-” only separates "
        "month and day, it is never a range);\n"
        "• after 放假 (or off) come days off, after 上班 (or work) make-up working days (Saturdays "
        "and Sundays only);\n"
        "• a word without digits is a holiday's name for the dates after it.\n"
        "Or send an Excel/CSV file with the columns 日期 (date), 类型 (放假 or 上班) and 名称 (name), "
        "one day or range (2027-02-15~2027-02-21) a row, captioned <code>/holidays 2027</code>.\n"
        "An imported year overrides the built-in calendar; importing it again replaces it whole. "
        "Any error changes nothing."
    ),
    holidays_overview_header="<b>Where each year's working days come from</b>",
    holidays_overview_line="{year}: {source}{imported}",
    holidays_imported_at=", imported {at}",
    holidays_year_header="<b>Working-day calendar {year}</b>\nSource: {source}{imported}",
    holidays_estimated_note=(
        "⚠️ {year}'s arrangement has not been imported: dates count weekends only and are shown "
        "as estimates. Import it once the State Council publishes it (see /holidays)."
    ),
    holidays_off_header="<b>Days off</b> ({weekdays} weekdays off)",
    holidays_makeup_header="<b>Make-up working days</b> ({count})",
    holidays_nothing="none",
    holidays_day="{weekday} {day}/{month}",
    holidays_range="{first} to {last}, {days} days",
    holidays_block="• {dates}",
    holidays_block_named="• {name}: {dates}",
    holidays_imported=(
        "✅ <b>{year}'s arrangement</b> imported: {days_off} days off ({weekdays_off} of them "
        "weekdays), {makeup} make-up working days.\nRecomputed the dates of {recomputed} open "
        "tasks with the new calendar."
    ),
    holidays_replaced="What had been imported for {year} was replaced.",
    holidays_import_failed="❌ The arrangement was <b>not imported; nothing changed</b>. {count} problem(s):",
    holidays_issue_token="“{token}”: {reason}",
    holidays_more="… and {more} more.",
    holidays_unknown_notice=(
        "⚠️ <b>{year}'s holiday arrangement has not been imported</b>\n"
        "A task's dates fall in {year}: the bot can only count weekends there, so they are "
        "marked as estimates.\n"
        "Once the State Council publishes {year}'s arrangement, import it here, e.g. (dates only "
        "an illustration):\n"
        "<code>/holidays {year} 放假 元旦 1-1 春节 2-15~2-21 上班 2-14</code>\n"
        "or send an Excel/CSV file with the columns 日期, 类型, 名称, captioned "
        "<code>/holidays {year}</code>.\n"
        "Importing it recomputes the dates of every open task."
    ),
    # --- plans ---
    cmd_plan="Annual plan and progress",
    plan_strata={
        "A": "class A",
        "B": "class B",
        "C": "class C",
        "D": "class D",
        "unclassified": "unclassified",
        "blacklisted": "blacklisted",
        "abnormal": "abnormal list",
    },
    plan_problems={
        "plan_bad_year": "“{value}” is not a year: write four digits between {low} and {high}",
        "plan_missing_setting": "the row “{label}” is missing (the name in the left column, the value to its right; see /template plan)",
        "plan_no_settings": "no plan found (year, title, ratios by class). Use the template: /template plan",
        "plan_no_items_header": "no header of the items (a row with “{header}”). Use the template: /template plan",
        "plan_no_items": "the plan lists no items: write one item code per row under “事项编码”",
        "plan_unknown_row": "ignored the unknown row “{label}”",
        "plan_not_whole": "“{value}” is not a whole number of days",
        "plan_small_ratios": "every ratio is 1 or less: ratios are percentages (3 means 3%); check that 3% was not written as 0.03",
        "plan_unknown_item": "item code {value} is not in the item list; import the items first (/import items)",
        "plan_inactive_item": "item {value} is deactivated in the item list",
        "too_many_rows": "more than {limit} rows: this does not look like an annual plan",
    },
    plan_sheet_title="Annual plan",
    plan_usage="Usage: <code>/plan [year]</code>, e.g. <code>/plan 2026</code>",
    plan_none=(
        "There is no inspection plan for {year} yet.\n"
        "Send <code>/template plan {year}</code> for a template, fill it in and send it with "
        "the caption <code>/import plan</code>."
    ),
    plan_template_caption="Annual plan template for {year}: every item of the item list and reference ratios; edit it to the bureau's plan and import it with /import plan.",
    plan_template_existing_caption="The annual plan for {year} as it is: edit it and import it with /import plan to update the year's plan.",
    plan_file_too_big="The file has {size} MB: an annual plan should not exceed {limit} MB. Is it the right file?",
    plan_import_created=(
        "✅ <b>Annual plan {year}</b> imported: {title}\n"
        "{items} items; at least {min_days} days between two checks\nRatios: {ratios}"
    ),
    plan_import_updated=(
        "✅ <b>Annual plan {year}</b> updated: {title}\n"
        "{items} items; at least {min_days} days between two checks\nRatios: {ratios}"
    ),
    plan_import_unchanged="The annual plan for {year} already matches the file; nothing changed.",
    plan_import_failed="❌ The annual plan was not imported, <b>nothing was changed</b>. {count} errors:",
    plan_import_after_draws=(
        "⚠️ {draws} draws were already made this year: this change is in the audit log{told}."
        "\nRatios before: {before}"
    ),
    plan_changed_notice=(
        "⚠️ <b>The annual plan for {year} was changed after draws were made</b>: {title}\n"
        "Draws this year: {draws} (they keep the ratios they used).\n"
        "Ratios before: {before}\nRatios after: {after}\n"
        "Days between two checks: {min_before} → {min_after}\nThe change is in the audit log."
    ),
    plan_header=(
        "<b>Annual plan {year}</b>: {title}\n"
        "At least {min_days} days between two checks of a target\n"
        "Draws this year: {locked} locked, {cancelled} cancelled"
    ),
    plan_ratios_line="Ratios: {ratios}",
    plan_strata_header="<b>Progress</b> (targets drawn this year / targets that may be drawn)",
    plan_stratum_line="{stratum}: plan {ratio}, drawn {drawn}/{active}, {share}",
    plan_items_header="<b>Items</b> ({count})",
    plan_item_line="<code>{code}</code> {name}: {frequency}; {methods}{note}",
    plan_item_note=" ({note})",
    plan_no_ratio="not set",
    plan_group_told=" and the admin group was told",
    plan_cli_no_plan="There is no annual plan for {year}, so --plan-ratios cannot be used. Import one first (python -m bot template plan FILE, fill it in, python -m bot import plan FILE), or use --count / --percent.",
    # --- groundwork: infrastructure (floods, pacing) ---
    flood_notice="Too many requests at once; please try again in a moment.",
    # --- groundwork: accounts ---
    start_admin_private="Hello! You administer the admin group. Use the admin commands there; the invite links you create are sent to you here. Send /whoami to see what the bot knows about you.",
    inspector_status={
        "eligible": "Your certificate is valid until {date}.",
        "expired": "⚠️ Your certificate expired on {date}: you cannot be drawn until it is renewed. Ask an admin to update the directory.",
        "no_expiry": "⚠️ The directory has no expiry date for your certificate: you cannot be drawn until it does. Ask an admin.",
        "inactive": "⚠️ You are inactive in the inspector directory and cannot be drawn. Ask an admin if this is wrong.",
    },
    account_label="{name} (ID {user_id})",
    account_label_username="{name} (@{username}, ID {user_id})",
    admin_group_unset=(
        "⛔ No admin group is set up yet, so admin commands are off.\n"
        "To set it up: add the bot to the bureau's admin group and send /start there; the bot "
        "answers with the <code>ADMIN_CHAT_ID</code> to put in <code>.env</code>. Then restart "
        "the bot."
    ),
    whoami_admin_unset="Admin group: not set up yet (<code>ADMIN_CHAT_ID</code>).",
    invite_phone_check="\nAfter opening it they confirm with the phone number the directory has for them.",
    invite_no_phone_warning="\n⚠️ The directory has no phone number for {name}: anyone who opens this link is bound at once, so send it to them only.",
    invite_sent_privately="🔗 The one-time link for {name} (certificate {certificate}) was sent to {admin} in a private chat.",
    invite_admin_unreachable=(
        "⚠️ The invite link could not be sent to you privately: you have not opened a private "
        "chat with the bot yet.\n"
        "Open @{bot_username} in Telegram, tap Start (or send /start), then send "
        "<code>/invite {certificate}</code> here again. The link made just now was revoked."
    ),
    invite_warn_expired="⚠️ Note: {name}'s certificate expired on {date}; bound or not, they cannot be drawn until the directory is updated.",
    invite_warn_no_expiry="⚠️ Note: the directory has no certificate expiry for {name}; bound or not, they cannot be drawn until it does.",
    bind_confirm_phone=(
        "You are binding inspector <b>{name}</b>.\n"
        "To confirm it is you, tap \u201c📱 Share my phone number\u201d below; it must match the "
        "number in the directory."
    ),
    bind_same="Your account is bound to inspector {name} already; nothing to do.",
    bind_inactive="Inspector {name} is inactive in the directory and cannot be bound. Ask an admin if this is wrong.",
    bind_too_many="Too many attempts. Please try again in {minutes} minutes, or ask an admin for a new link.",
    bind_notice_rebind=(
        "🔗 {name} (certificate {certificate}) moved to Telegram account {account} by {method}; "
        "the old account {old_account} was unbound and told."
    ),
    rebound_notice=(
        "Your Telegram account is no longer bound to inspector {name}: another account was bound "
        "with an invite link from an admin. If that was not you, contact an admin at once."
    ),
    phone_mismatch=(
        "The number you shared, {phone}, is not the one the directory has for {name}; nothing "
        "was bound. Use your own Telegram account; if your number changed, ask an admin to "
        "update the directory."
    ),
    phone_blocked="An admin unbound {name}'s account, so sharing the phone number no longer binds. Ask an admin for a new invite link.",
    flow_stale="This button is out of date (already handled, or a newer step exists); please use the latest message.",
    # --- groundwork: register files ---
    # --- groundwork: registers and jobs ---
    job_busy="⏳ This register is being imported or deactivated right now; try again when that has finished.",
    job_interrupted_import="⚠️ The import of the {register} ({file}) was interrupted by a restart of the bot; <b>nothing was imported</b>. Please send the file again.",
    job_interrupted_deactivate="⚠️ Deactivating the rows missing from the {register} was interrupted by a restart; <b>nothing was deactivated</b>. Please do it again.",
    job_interrupted_draw="⚠️ The draw was interrupted by a restart of the bot and produced nothing; please draw again.",
    import_no_file="The message you replied to has no file. Reply to an Excel/CSV file with <code>/import REGISTER</code>, or send the file with <code>/import REGISTER</code> as its caption.",
    import_download_failed="❌ The file could not be downloaded; <b>nothing was imported</b>. Please send it again later.",
    import_missing="{missing} rows of the register are not in this file and were <b>left as they were</b>. If they no longer apply, you can deactivate them (deactivated rows are not drawn; their history is kept):",
    button_deactivate="Deactivate these {count}",
    button_keep="Keep them",
    missing_kept="Fine, they stay as they are.",
    deactivate_stale="This button is out of date: the register was imported or changed again since. Import the file again to deactivate.",
    deactivate_working="⏳ Deactivating…",
    deactivate_done="✅ Deactivated the {count} rows of the {register} that are not in {file}. Their history is kept; importing them again restores them.",
    deactivate_failed="❌ Deactivation failed; <b>nothing was deactivated</b>: {reason}",
    cli_missing_hint="{missing} rows of the register are not in the file and were not deactivated; add --deactivate-missing to deactivate them.",
    target_wrong_check="The check character of {uscc} is wrong: by GB 32100-2015 the 18th character should be {expected}, i.e. <code>{corrected}</code>. Please check and try again.",
)
