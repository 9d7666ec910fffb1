-- Tables a reader can use on any screen, for both renderers: Quarto runs this filter (`filters:` in
-- _quarto.yml) and the built-in renderer passes the same file to pandoc.
--
-- 1. A cell holding nothing but a web address becomes a link whose text is the site's name
--    ("digital.nhs.uk"): a 200-character address made tables 1,200 px wide and was no use to read.
-- 2. In HTML, each body cell of a table with three or more columns gets the header of its column as
--    `data-label`, and the table the class `rss-stack`; on a narrow screen site.css shows each row as a
--    block of labelled lines, so no column (a rating's certainty, a figure's period) is off-screen.

local ADDRESS = "^https?://[%w%-%.]+[^%s]*$"

local function site_name(address)
  local host = address:match("^https?://([^/:?#]+)") or address
  return (host:gsub("^www%.", ""))
end

local function short_link(cell)
  local text = pandoc.utils.stringify(cell.contents)
  if not text:match(ADDRESS) then return end
  cell.contents = { pandoc.Plain({ pandoc.Link(site_name(text), text) }) }
end

local function each_body_cell(tbl, action)
  for _, body in ipairs(tbl.bodies) do
    for _, rows in ipairs({ body.head, body.body }) do
      for _, row in ipairs(rows) do
        local column = 1
        for _, cell in ipairs(row.cells) do
          action(cell, column)
          column = column + cell.col_span
        end
      end
    end
  end
end

function Table(tbl)
  each_body_cell(tbl, short_link)
  local header_rows = tbl.head.rows
  if not FORMAT:match("html") or #header_rows == 0 then return tbl end
  local labels = {}
  local column = 1
  for _, cell in ipairs(header_rows[#header_rows].cells) do
    labels[column] = pandoc.utils.stringify(cell.contents)
    column = column + cell.col_span
  end
  if column <= 3 then return tbl end  -- one or two columns fit any screen as they are
  tbl.classes:insert("rss-stack")
  each_body_cell(tbl, function(cell, at)
    if labels[at] and labels[at] ~= "" then cell.attributes["data-label"] = labels[at] end
  end)
  return tbl
end
